package com.rudderstack.android.sdk.core;

public class RudderConfig {
    public int getLogLevel() { return RudderLogger.RudderLogLevel.NONE; }
}
