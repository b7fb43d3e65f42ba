package com.rudderstack.android.sdk.core;

public class RudderLogger {
    public static class RudderLogLevel {
        public static final int VERBOSE = 5;
        public static final int DEBUG = 4;
        public static final int INFO = 3;
        public static final int WARN = 2;
        public static final int ERROR = 1;
        public static final int NONE = 0;
    }

    public static void logError(Object message) {}
    public static void logWarn(String message) {}
    public static void logInfo(String message) {}
    public static void logDebug(String message) {}
    public static void logVerbose(String message) {}
}
