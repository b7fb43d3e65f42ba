package com.rudderstack.android.sdk.core;

public abstract class RudderIntegration<T> {
    public interface Factory {
        RudderIntegration<?> create(Object settings, RudderClient client, RudderConfig rudderConfig);
        String key();
    }

    public abstract void reset();
    public abstract void dump(RudderMessage element);
    public abstract T getUnderlyingInstance();
}
