"""RudderStack device mode: the CleverTap SDK calls RudderStack's own CleverTap integrations make.

- `web`: rudder-sdk-js v3 `Clevertap/browser.js` (the `window.clevertap` queues);
- `android`: rudder-integration-clevertap-android on rudder-sdk-android;
- `ios`: rudder-integration-clevertap-ios on rudder-sdk-ios;
- `react_native`: `@rudderstack/rudder-integration-clevertap-react-native` only registers the native integrations,
  so React Native events become the Android or iOS calls (chosen by the `platform` setting, default `android`).

docs/rudderstack-device.md documents each rule with its public source.
"""
