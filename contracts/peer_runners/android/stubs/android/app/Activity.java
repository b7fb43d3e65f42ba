package android.app;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
public class Activity extends Context {
    public Intent getIntent() { return new Intent(); }
    public android.net.Uri getReferrer() { return null; }
    public Object getComponentName() { return null; }
    @Override public SharedPreferences getSharedPreferences(String name, int mode) { return new android.content.MemoryPreferences(); }
}
