package android.os;
/** Runs posted work at once on the calling thread (the runner is single-threaded). */
public class Handler {
    public Handler() {}
    public Handler(Looper looper) {}
    public Handler(Looper looper, Callback callback) {}
    public interface Callback { boolean handleMessage(Message msg); }
    public void handleMessage(Message msg) {}
    public final boolean post(Runnable r) { r.run(); return true; }
    public final boolean postDelayed(Runnable r, long delay) { return true; }
    public final Message obtainMessage(int what) { Message m = new Message(); m.what = what; return m; }
    public final Message obtainMessage(int what, Object obj) { Message m = obtainMessage(what); m.obj = obj; return m; }
    public final Message obtainMessage(int what, int a1, int a2) { return obtainMessage(what, a1, a2, null); }
    public final Message obtainMessage(int what, int a1, int a2, Object obj) { Message m = obtainMessage(what, obj); m.arg1 = a1; m.arg2 = a2; return m; }
    public final boolean sendMessage(Message msg) { return true; }
    public final boolean sendMessageDelayed(Message msg, long delay) { return true; }
    public final boolean sendEmptyMessage(int what) { return true; }
    public final void removeMessages(int what) {}
    public final Looper getLooper() { return Looper.getMainLooper(); }
}
