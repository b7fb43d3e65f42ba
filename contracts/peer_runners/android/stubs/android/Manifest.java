package android;
public class Manifest { public static class permission { public static final String INTERNET = "i", ACCESS_NETWORK_STATE = "a", READ_PHONE_STATE = "r"; } }
