package com.segment.analytics;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Encodes a recorded argument as a JSON value that keeps the Java type visible: a Double/Float becomes
 * {"$double": Double.toString text}, Integer/Long/Short/Byte {"$long": text}, so the comparison can tell 5 from
 * 5.0 and write NaN/Infinity. Maps (including org.json's JSONObject) become objects, collections and arrays lists,
 * JSONObject.NULL null, anything else {"$java": class, "text": String.valueOf}.
 */
final class Recorded {
    private Recorded() {}

    static Object encode(Object v) throws Exception {
        if (v == null || v == JSONObject.NULL) return JSONObject.NULL;
        if (v instanceof String || v instanceof Boolean) return v;
        if (v instanceof Double || v instanceof Float) return new JSONObject().put("$double", v.toString());
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
            return new JSONObject().put("$long", v.toString());
        if (v instanceof JSONObject) {
            JSONObject o = (JSONObject) v;
            JSONObject out = new JSONObject();
            java.util.Iterator<String> keys = o.keys();
            while (keys.hasNext()) {
                String k = keys.next();
                out.put(k, encode(o.get(k)));
            }
            return out;
        }
        if (v instanceof Map) {
            JSONObject out = new JSONObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put(String.valueOf(e.getKey()), encode(e.getValue()));
            return out;
        }
        if (v instanceof JSONArray) {
            JSONArray a = (JSONArray) v;
            JSONArray out = new JSONArray();
            for (int i = 0; i < a.length(); i++) out.put(encode(a.get(i)));
            return out;
        }
        if (v instanceof Collection) {
            JSONArray out = new JSONArray();
            for (Object o : (Collection<?>) v) out.put(encode(o));
            return out;
        }
        if (v.getClass().isArray()) {
            JSONArray out = new JSONArray();
            for (int i = 0; i < Array.getLength(v); i++) out.put(encode(Array.get(v, i)));
            return out;
        }
        return new JSONObject().put("$java", v.getClass().getName()).put("text", String.valueOf(v));
    }
}
