package android.net;
public class NetworkInfo { public boolean isConnected() { return false; } public boolean isConnectedOrConnecting() { return false; } }
