package android.content.pm;
public class PackageManager {
    public static final int GET_META_DATA = 128;
    public static final int PERMISSION_GRANTED = 0;
    public static class NameNotFoundException extends Exception {}
    public PackageInfo getPackageInfo(String name, int flags) throws NameNotFoundException { return new PackageInfo(); }
    public boolean hasSystemFeature(String f) { return false; }
    public ApplicationInfo getApplicationInfo(String n, int f) throws NameNotFoundException { return new ApplicationInfo(); }
    public ActivityInfo getActivityInfo(Object component, int flags) throws NameNotFoundException { return new ActivityInfo(); }
}
