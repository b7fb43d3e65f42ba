package android.content;

public class Intent {
    public android.os.Bundle getExtras() { return null; }
    public android.net.Uri getData() { return null; }
}
