"""Mapping data of Segment's React Native CleverTap plugin (npm `@segment/analytics-react-native-plugin-clevertap`
1.1.0), read from its published `lib/commonjs/{ClevertapPlugin,parameterMapping}.js`; see docs/rudderstack-device.md
("Segment React Native")."""

from __future__ import annotations

SDK = "react-native"

# parameterMapping.mapTraits: trait key -> CleverTap profile key, applied at every nesting level.
TRAIT_RENAMES: dict[str, str] = {
    "name": "Name",
    "birthday": "DOB",
    "avatar": "Photo",
    "gender": "Gender",
    "phone": "Phone",
    "email": "Email",
}

# parameterMapping.transformMap: the one (renamed) key whose value is itself looked up in TRAIT_RENAMES.
VALUE_RENAMED_KEY = "event"

DOB_KEY = "DOB"
IDENTITY_KEY = "Identity"
ORDER_COMPLETED = "Order Completed"  # exact, case-sensitive
PRODUCTS_KEY = "products"
DEFAULT_SCREEN_NAME = "Screen Viewed"
INTEGRATION_KEY = "CleverTap"  # DestinationPlugin.key: integrations.CleverTap === false disables the plugin

# EventPlugin.execute dispatches on these `type` values; the plugin overrides identify, track and screen only.
METHODS: dict[str, str] = {
    "identify": "profileSet",
    "charged": "recordChargedEvent",
    "track": "recordEvent",
    "screen": "recordEvent",
}
