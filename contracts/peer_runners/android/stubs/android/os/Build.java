package android.os;
public class Build {
    public static final String MANUFACTURER = "peer"; public static final String MODEL = "peer"; public static final String ID = "peer";
    public static final String BRAND = "peer"; public static final String DEVICE = "peer"; public static final String SERIAL = "peer";
    public static class VERSION { public static final int SDK_INT = 34; public static final String RELEASE = "14"; }
    public static class VERSION_CODES { public static final int LOLLIPOP = 21; public static final int LOLLIPOP_MR1 = 22; public static final int JELLY_BEAN_MR1 = 17; public static final int M = 23; public static final int O = 26; public static final int P = 28; public static final int Q = 29; public static final int JELLY_BEAN_MR2 = 18; }
}
