package android.content.pm;
public class ActivityInfo { public CharSequence loadLabel(PackageManager pm) { return "peer"; } }
