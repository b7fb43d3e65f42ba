package android.content;
import android.content.pm.PackageManager;
/** Stand-in: only what the SDKs touch. Shared preferences live in memory, one store per name. */
public abstract class Context {
    public static final int MODE_PRIVATE = 0;
    public static final String CONNECTIVITY_SERVICE = "connectivity", TELEPHONY_SERVICE = "phone";
    public java.io.File getDir(String name, int mode) { return new java.io.File(System.getProperty("java.io.tmpdir")); }
    public abstract SharedPreferences getSharedPreferences(String name, int mode);
    public PackageManager getPackageManager() { return new PackageManager(); }
    public String getPackageName() { return "peer.runner"; }
    public Context getApplicationContext() { return this; }
    public Object getSystemService(String name) { return null; }
    public int checkCallingOrSelfPermission(String permission) { return -1; }
    public android.content.res.Resources getResources() { return new android.content.res.Resources(); }
    public ContentResolver getContentResolver() { return new ContentResolver(); }
    public android.content.pm.ApplicationInfo getApplicationInfo() { return new android.content.pm.ApplicationInfo(); }
}
