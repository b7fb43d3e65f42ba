package com.segment.analytics;

import android.app.Application;
import android.content.SharedPreferences;
import androidx.lifecycle.Lifecycle;
import androidx.lifecycle.LifecycleObserver;
import com.clevertap.android.sdk.CleverTapAPI;
import com.segment.analytics.android.integrations.clevertap.CleverTapIntegration;
import com.segment.analytics.integrations.Integration;
import com.segment.analytics.integrations.Logger;
import com.segment.analytics.internal.Utils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Differential driver (ours): one JSON line in per event, one JSON line out.
 *
 * <p>Input line: {"event": raw Segment event, "settings": CleverTap destination settings, "anonymousId": text}.
 * The line is parsed with analytics-android's own Cartographer (every JSON number becomes a Double). A fresh
 * Analytics (fresh in-memory preferences whose trait cache holds the given anonymousId, the destination settings
 * as cached project settings) receives the event through its public API; the recorded CleverTap calls are
 * printed as {"calls": [...]}, or {"error": message} when the public API throws IllegalArgumentException.
 */
public final class PeerDriver {
    private static final String TAG = "peer";

    /** Runs submitted work at once on the calling thread, like a single-threaded app whose queue is drained. */
    static final class DirectExecutor extends AbstractExecutorService {
        public void execute(Runnable command) { command.run(); }
        public void shutdown() {}
        public List<Runnable> shutdownNow() { return Collections.emptyList(); }
        public boolean isShutdown() { return false; }
        public boolean isTerminated() { return false; }
        public boolean awaitTermination(long t, TimeUnit u) { return true; }
    }

    static final class NoLifecycle extends Lifecycle {
        public void addObserver(LifecycleObserver o) {}
        public void removeObserver(LifecycleObserver o) {}
        public Lifecycle.State getCurrentState() { return Lifecycle.State.RESUMED; }
    }

    static Analytics fresh(Map<String, Object> settings, String anonymousId) {
        Application app = new Application();
        Cartographer cartographer = Cartographer.INSTANCE;
        SharedPreferences prefs = Utils.getSegmentSharedPreferences(app, TAG);
        Map<String, Object> cachedTraits = new LinkedHashMap<>();
        cachedTraits.put("anonymousId", anonymousId);
        Map<String, Object> integrations = new LinkedHashMap<>();
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("apiKey", "peer-write-key");
        segment.put("apiHost", "api.segment.io/v1");
        integrations.put("Segment.io", segment); // always present in the settings Segment's CDN serves
        integrations.put("CleverTap", settings);
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("integrations", integrations);
        project.put("timestamp", System.currentTimeMillis());
        prefs.edit()
                .putString("traits-" + TAG, cartographer.toJson(cachedTraits))
                .putString("project-settings-plan-" + TAG, cartographer.toJson(project))
                .apply();
        Traits.Cache traitsCache = new Traits.Cache(app, cartographer, TAG);
        AnalyticsContext context = new AnalyticsContext(new Utils.NullableConcurrentHashMap<String, Object>());
        context.setTraits(traitsCache.get());
        List<Integration.Factory> factories = Collections.singletonList(CleverTapIntegration.FACTORY);
        DirectExecutor executor = new DirectExecutor();
        return new Analytics(app, executor, new Stats(), traitsCache, context, new Options(),
                Logger.with(Analytics.LogLevel.NONE), TAG, factories, null, cartographer,
                new ProjectSettings.Cache(app, cartographer, TAG), "peer-write-key", 20, 30000, executor, false,
                new CountDownLatch(0), false, false,
                new BooleanPreference(prefs, "opt-out", false), Crypto.none(), Collections.<Middleware>emptyList(),
                Collections.<String, List<Middleware>>emptyMap(), null, new ValueMap(), new NoLifecycle(), false,
                false, "api.segment.io/v1");
    }

    static String text(Object value) {
        return value instanceof String ? (String) value : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    /** Calls the public API the way an app holding this event would. */
    static void send(Analytics analytics, Map<String, Object> event) {
        Object type = event.get("type");
        Map<String, Object> traits = map(event.get("traits"));
        Map<String, Object> properties = map(event.get("properties"));
        if ("identify".equals(type)) {
            analytics.identify(text(event.get("userId")), traits == null ? null : new Traits(traits), null);
        } else if ("track".equals(type)) {
            analytics.track(text(event.get("event")), properties == null ? null : new Properties(properties), null);
        } else if ("screen".equals(type)) {
            analytics.screen(text(event.get("category")), text(event.get("name")),
                    properties == null ? null : new Properties(properties), null);
        } else if ("alias".equals(type)) {
            analytics.alias(text(event.get("userId")), null);
        } else if ("group".equals(type)) {
            analytics.group(text(event.get("groupId")), traits == null ? null : new Traits(traits), null);
        }
        // page: analytics-android has no page call; anything else is not a Segment call. Neither reaches the SDK.
    }

    public static void main(String[] argv) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().isEmpty()) continue;
            Map<String, Object> input = Cartographer.INSTANCE.fromJson(line);
            Map<String, Object> settings = map(input.get("settings"));
            Analytics analytics = fresh(settings == null ? new LinkedHashMap<String, Object>() : settings,
                    text(input.get("anonymousId")));
            CleverTapAPI.CALLS.clear();
            Map<String, Object> event = map(input.get("event"));
            JSONObject result = new JSONObject();
            try {
                send(analytics, event == null ? new LinkedHashMap<String, Object>() : event);
                JSONArray calls = new JSONArray();
                for (CleverTapAPI.Call call : CleverTapAPI.CALLS) {
                    JSONObject c = new JSONObject();
                    c.put("method", call.method);
                    JSONArray args = new JSONArray();
                    for (Object a : call.args) args.put(Recorded.encode(a));
                    c.put("args", args);
                    calls.put(c);
                }
                result.put("calls", calls);
            } catch (IllegalArgumentException e) {
                result.put("error", e.getMessage());
            }
            out.println(result.toString());
            out.flush();
        }
    }
}
