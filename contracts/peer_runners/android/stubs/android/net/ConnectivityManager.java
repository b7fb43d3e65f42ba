package android.net;
public class ConnectivityManager { public static final int TYPE_WIFI = 1, TYPE_MOBILE = 0, TYPE_BLUETOOTH = 7; public NetworkInfo getActiveNetworkInfo() { return null; } public NetworkInfo getNetworkInfo(int t) { return null; } }
