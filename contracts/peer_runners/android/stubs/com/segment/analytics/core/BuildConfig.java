package com.segment.analytics.core;

/** Stand-in for analytics-android's generated BuildConfig. */
public final class BuildConfig {
    public static final String VERSION_NAME = "4.11.3";
    public static final int VERSION_CODE = 41103;
    public static final boolean DEBUG = false;
}
