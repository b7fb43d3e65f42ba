package com.rudderstack.android.sdk.core;

import java.util.Map;

/**
 * Stand-in for the message rudder-sdk-android hands to a device-mode integration (the getters it reads). The driver
 * fills it the way the SDK does: context traits after a Gson round trip, copied into a HashMap.
 */
public class RudderMessage {
    public String type;
    public String event;
    public Map<String, Object> properties;
    public Map<String, Object> traits;

    public String getType() { return type; }
    public String getEventName() { return event; }
    public Map<String, Object> getProperties() { return properties; }
    public Map<String, Object> getTraits() { return traits; }
}
