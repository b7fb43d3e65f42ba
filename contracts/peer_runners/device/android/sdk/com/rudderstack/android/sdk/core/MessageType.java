package com.rudderstack.android.sdk.core;

public class MessageType {
    public static final String TRACK = "track";
    public static final String SCREEN = "screen";
    public static final String IDENTIFY = "identify";
    public static final String ALIAS = "alias";
    public static final String GROUP = "group";
}
