package com.clevertap.android.sdk;

/** Stand-in for the CleverTap SDK's generated BuildConfig. */
public final class BuildConfig {
    public static final long VERSION_CODE = 70002;
    public static final String VERSION_NAME = "7.0.2";
}
