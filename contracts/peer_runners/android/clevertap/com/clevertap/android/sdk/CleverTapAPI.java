package com.clevertap.android.sdk;

import android.content.Context;
import android.net.Uri;
import android.os.Bundle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recording stand-in for the CleverTap Android SDK: each public call an integration makes is kept, in order, with
 * its arguments as passed (no validation, no network). Start-up calls are recorded too; the driver clears the
 * record before the event under test.
 */
public class CleverTapAPI {
    /** One recorded call: method name and arguments. */
    public static final class Call {
        public final String method;
        public final List<Object> args;

        Call(String method, Object... args) {
            this.method = method;
            this.args = new ArrayList<>();
            for (Object a : args) this.args.add(a);
        }
    }

    /** Log levels (RudderStack's integration sets one at start-up). */
    public enum LogLevel { OFF, INFO, DEBUG, VERBOSE }

    public static final List<Call> CALLS = new ArrayList<>();
    private static final CleverTapAPI INSTANCE = new CleverTapAPI();

    public static void changeCredentials(String accountId, String token, String region) {
        CALLS.add(new Call("changeCredentials", accountId, token, region));
    }

    public static void changeCredentials(String accountId, String token) {
        CALLS.add(new Call("changeCredentials", accountId, token));
    }

    public static void setDebugLevel(LogLevel level) {}

    public static CleverTapAPI getDefaultInstance(Context context) {
        return INSTANCE;
    }

    public static void setAppForeground(boolean foreground) {}

    public static void onActivityPaused() {}

    public static void onActivityResumed(Object activity) {}

    public void setLibrary(String library) {
        CALLS.add(new Call("setLibrary", library));
    }

    public void setCustomSdkVersion(String name, long version) {
        CALLS.add(new Call("setCustomSdkVersion", name, version));
    }

    public void pushNotificationClickedEvent(Bundle extras) {}

    public void pushDeepLink(Uri uri) {}

    public void onUserLogin(Map<String, Object> profile) {
        CALLS.add(new Call("onUserLogin", profile));
    }

    public void pushProfile(Map<String, Object> profile) {
        CALLS.add(new Call("pushProfile", profile));
    }

    public void pushEvent(String eventName) {
        CALLS.add(new Call("pushEvent", eventName));
    }

    public void pushEvent(String eventName, Map<String, Object> eventActions) {
        CALLS.add(new Call("pushEvent", eventName, eventActions));
    }

    public void pushChargedEvent(HashMap<String, Object> chargeDetails, ArrayList<HashMap<String, Object>> items) {
        CALLS.add(new Call("pushChargedEvent", chargeDetails, items));
    }

    public void recordScreen(String screenName) {
        CALLS.add(new Call("recordScreen", screenName));
    }

    public void pushError(String errorMessage, int errorCode) {
        CALLS.add(new Call("pushError", errorMessage, errorCode));
    }
}
