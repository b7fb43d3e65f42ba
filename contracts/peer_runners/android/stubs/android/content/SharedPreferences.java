package android.content;
import java.util.Map;
public interface SharedPreferences {
    interface Editor {
        Editor putString(String key, String value);
        Editor putInt(String key, int value);
        Editor putLong(String key, long value);
        Editor putBoolean(String key, boolean value);
        Editor putFloat(String key, float value);
        Editor putStringSet(String key, java.util.Set<String> value);
        Editor remove(String key);
        Editor clear();
        boolean commit();
        void apply();
    }
    String getString(String key, String defValue);
    int getInt(String key, int defValue);
    long getLong(String key, long defValue);
    boolean getBoolean(String key, boolean defValue);
    boolean contains(String key);
    Map<String, ?> getAll();
    Editor edit();
}
