import com.clevertap.android.sdk.CleverTapAPI;
import com.google.gson.Gson;
import com.rudderstack.android.integrations.clevertap.CleverTapIntegrationFactory;
import com.rudderstack.android.sdk.core.RudderConfig;
import com.rudderstack.android.sdk.core.RudderIntegration;
import com.rudderstack.android.sdk.core.RudderMessage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs RudderStack's CleverTap Android integration (built from the checkout the user names) on RudderStack messages,
 * one fresh integration per event, and prints the CleverTapAPI calls it makes as JSON lines.
 *
 * The message is filled the way rudder-sdk-android delivers it to a device-mode integration: context traits after
 * a Gson round trip (Doubles, null entries dropped) copied into a HashMap, properties put one by one into a HashMap.
 * A non-string `event` counts as absent; a screen without `event` takes `name`. Input: {"settings", "event"} lines.
 */
public class RudderAndroidDriver {
    private static final Gson GSON = new Gson();
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().isEmpty()) continue;
            out.println(run(line));
        }
    }

    @SuppressWarnings("unchecked")
    static String run(String line) {
        Map<String, Object> job = GSON.fromJson(line, Map.class);
        Map<String, Object> event = (Map<String, Object>) job.get("event");
        RudderIntegration<?> integration;
        try {
            integration = CleverTapIntegrationFactory.FACTORY.create(job.get("settings"), null, new RudderConfig());
        } catch (RuntimeException e) {
            return "{\"calls\":[]}"; // the SDK logs a factory that throws and runs without it
        }
        CleverTapAPI.CALLS.clear(); // start-up calls (credentials) are not the event's
        integration.dump(message(event));
        StringBuilder sb = new StringBuilder("{\"calls\":[");
        for (int i = 0; i < CleverTapAPI.CALLS.size(); i++) {
            CleverTapAPI.Call call = CleverTapAPI.CALLS.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"sdk\":\"android\",\"method\":");
            json(sb, call.method);
            sb.append(",\"args\":[");
            for (int j = 0; j < call.args.size(); j++) {
                if (j > 0) sb.append(',');
                json(sb, call.args.get(j));
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    @SuppressWarnings("unchecked")
    static RudderMessage message(Map<String, Object> event) {
        RudderMessage m = new RudderMessage();
        Object type = event.get("type");
        m.type = type instanceof String ? (String) type : null;
        Object name = event.get("event");
        if (!(name instanceof String) && "screen".equals(m.type) && !event.containsKey("event")) {
            name = event.get("name");
        }
        m.event = name instanceof String ? (String) name : null;
        Object props = event.get("properties");
        if (props instanceof Map) {
            HashMap<String, Object> properties = new HashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) props).entrySet()) {
                properties.put(e.getKey(), e.getValue());
            }
            m.properties = properties;
        }
        Object context = event.get("context");
        Object traits = context instanceof Map ? ((Map<String, Object>) context).get("traits") : null;
        Map<String, Object> roundTrip = traits instanceof Map
                ? GSON.fromJson(GSON.toJson(traits), Map.class)
                : new HashMap<>();
        m.traits = new HashMap<>(roundTrip);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void json(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            sb.append(GSON.toJson(v));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("{\"$double\":\"").append(Double.toString(d)).append("\"}");
            } else {
                sb.append(Double.toString(d));
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v.toString());
        } else if (v instanceof Date) {
            sb.append("{\"$date\":\"").append(ISO.format(Instant.ofEpochMilli(((Date) v).getTime()))).append("\"}");
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(GSON.toJson(e.getKey())).append(':');
                json(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<Object>) v) {
                if (!first) sb.append(',');
                first = false;
                json(sb, o);
            }
            sb.append(']');
        } else {
            sb.append(GSON.toJson(v.toString()));
        }
    }
}
