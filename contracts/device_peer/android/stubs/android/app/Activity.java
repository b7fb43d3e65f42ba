package android.app;

public class Activity {
    public android.content.Intent getIntent() { return new android.content.Intent(); }
}
