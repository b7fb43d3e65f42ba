package android.util;
public class Log {
    public static final int VERBOSE = 2, DEBUG = 3, INFO = 4, WARN = 5, ERROR = 6, ASSERT = 7;
    public static int v(String t, String m) { return 0; }
    public static int d(String t, String m) { return 0; }
    public static int i(String t, String m) { return 0; }
    public static int w(String t, String m) { return 0; }
    public static int e(String t, String m) { return 0; }
    public static int e(String t, String m, Throwable e) { return 0; }
    public static int println(int p, String t, String m) { return 0; }
    public static boolean isLoggable(String t, int l) { return false; }
    public static String getStackTraceString(Throwable t) { return String.valueOf(t); }
}
