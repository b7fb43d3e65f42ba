package android.telephony;
public class TelephonyManager { public String getNetworkOperatorName() { return null; } }
