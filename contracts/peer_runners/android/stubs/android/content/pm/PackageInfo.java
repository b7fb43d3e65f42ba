package android.content.pm;
public class PackageInfo { public String versionName = "1.0"; public int versionCode = 1; public ApplicationInfo applicationInfo = new ApplicationInfo(); public String packageName = "peer.runner"; }
