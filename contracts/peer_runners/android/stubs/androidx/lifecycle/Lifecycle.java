package androidx.lifecycle;

public abstract class Lifecycle {
    public abstract void addObserver(LifecycleObserver o);

    public abstract void removeObserver(LifecycleObserver o);

    public abstract State getCurrentState();

    public enum State { DESTROYED, INITIALIZED, CREATED, STARTED, RESUMED }
}
