package com.rudderstack.android.sdk.core;

import android.app.Application;

/** Stand-in: the integration only asks the client for the application. */
public class RudderClient {
    private static final Application APPLICATION = new Application();

    public static Application getApplication() { return APPLICATION; }
}
