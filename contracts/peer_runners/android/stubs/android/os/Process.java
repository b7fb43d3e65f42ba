package android.os;
public class Process { public static final int THREAD_PRIORITY_BACKGROUND = 10; public static void setThreadPriority(int p) {} }
