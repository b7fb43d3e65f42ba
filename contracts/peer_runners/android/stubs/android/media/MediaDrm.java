package android.media;
public class MediaDrm { public static final String PROPERTY_DEVICE_UNIQUE_ID = "deviceUniqueId"; public MediaDrm(java.util.UUID u) {} public byte[] getPropertyByteArray(String s) { return new byte[0]; } public void release() {} public void close() {} }
