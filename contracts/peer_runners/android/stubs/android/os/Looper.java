package android.os;
/** One looper: the calling thread is the main thread. */
public class Looper {
    private static final Looper MAIN = new Looper();
    public static Looper getMainLooper() { return MAIN; }
    public static Looper myLooper() { return MAIN; }
    public static void prepare() {}
    public static void loop() {}
    public void quit() {}
}
