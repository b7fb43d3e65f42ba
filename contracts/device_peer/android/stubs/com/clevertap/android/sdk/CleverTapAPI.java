package com.clevertap.android.sdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stand-in for CleverTap's Android SDK: records each public call the integration makes (name and arguments). */
public class CleverTapAPI {
    public enum LogLevel { OFF, INFO, DEBUG, VERBOSE }

    public static final List<Object[]> CALLS = new ArrayList<>();
    private static final CleverTapAPI INSTANCE = new CleverTapAPI();

    public static void changeCredentials(String accountId, String token) {}
    public static void changeCredentials(String accountId, String token, String region) {}
    public static CleverTapAPI getDefaultInstance(Object context) { return INSTANCE; }
    public static void setDebugLevel(LogLevel level) {}
    public static void setAppForeground(boolean foreground) {}
    public static void onActivityResumed(Object activity) {}
    public static void onActivityPaused() {}

    public void pushNotificationClickedEvent(Object extras) {}
    public void pushDeepLink(Object uri) {}

    public void onUserLogin(Map<String, Object> profile) { CALLS.add(new Object[] {"onUserLogin", profile}); }
    public void pushEvent(String eventName) { CALLS.add(new Object[] {"pushEvent", eventName}); }
    public void pushEvent(String eventName, Map<String, Object> eventActions) {
        CALLS.add(new Object[] {"pushEvent", eventName, eventActions});
    }
    public void pushChargedEvent(HashMap<String, Object> chargeDetails, ArrayList<HashMap<String, Object>> items) {
        CALLS.add(new Object[] {"pushChargedEvent", chargeDetails, items});
    }
}
