package android.app;
import android.content.Context;
import android.content.SharedPreferences;
import android.os.Bundle;
import java.util.HashMap;
import java.util.Map;
/** Stand-in application: in-memory shared preferences (a fresh Application is a fresh install). */
public class Application extends Context {
    public interface ActivityLifecycleCallbacks {
        void onActivityCreated(Activity activity, Bundle savedInstanceState);
        void onActivityStarted(Activity activity);
        void onActivityResumed(Activity activity);
        void onActivityPaused(Activity activity);
        void onActivityStopped(Activity activity);
        void onActivitySaveInstanceState(Activity activity, Bundle outState);
        void onActivityDestroyed(Activity activity);
    }
    private final Map<String, android.content.MemoryPreferences> prefs = new HashMap<>();
    @Override public SharedPreferences getSharedPreferences(String name, int mode) {
        return prefs.computeIfAbsent(name, k -> new android.content.MemoryPreferences());
    }
    public void registerActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {}
    public void unregisterActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {}
}
