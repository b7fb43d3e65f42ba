package android.content.res;
public class Resources {
    public int getIdentifier(String name, String defType, String defPackage) { return 0; }
    public android.util.DisplayMetrics getDisplayMetrics() { return new android.util.DisplayMetrics(); }
    public String getString(int id) { return null; }
}
