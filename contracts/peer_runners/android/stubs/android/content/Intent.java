package android.content;
public class Intent {
    public static final String EXTRA_REFERRER = "android.intent.extra.REFERRER";
    public <T> T getParcelableExtra(String k) { return null; }
    public String getStringExtra(String k) { return null; }
    public android.os.Bundle getExtras() { return null; }
    public android.net.Uri getData() { return null; }
}
