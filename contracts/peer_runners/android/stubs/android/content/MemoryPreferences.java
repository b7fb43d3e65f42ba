package android.content;
import java.util.HashMap;
import java.util.Map;
/** In-memory SharedPreferences (not an Android class; the stand-in Application hands these out). */
public class MemoryPreferences implements SharedPreferences {
    private final Map<String, Object> values = new HashMap<>();
    public String getString(String key, String d) { Object v = values.get(key); return v == null ? d : (String) v; }
    public int getInt(String key, int d) { Object v = values.get(key); return v == null ? d : (Integer) v; }
    public long getLong(String key, long d) { Object v = values.get(key); return v == null ? d : (Long) v; }
    public boolean getBoolean(String key, boolean d) { Object v = values.get(key); return v == null ? d : (Boolean) v; }
    public boolean contains(String key) { return values.containsKey(key); }
    public Map<String, ?> getAll() { return new HashMap<>(values); }
    public Editor edit() {
        return new Editor() {
            public Editor putString(String k, String v) { values.put(k, v); return this; }
            public Editor putInt(String k, int v) { values.put(k, v); return this; }
            public Editor putLong(String k, long v) { values.put(k, v); return this; }
            public Editor putBoolean(String k, boolean v) { values.put(k, v); return this; }
            public Editor putFloat(String k, float v) { values.put(k, v); return this; }
            public Editor putStringSet(String k, java.util.Set<String> v) { values.put(k, v); return this; }
            public Editor remove(String k) { values.remove(k); return this; }
            public Editor clear() { values.clear(); return this; }
            public boolean commit() { return true; }
            public void apply() {}
        };
    }
}
