package androidx.lifecycle;
public interface DefaultLifecycleObserver extends LifecycleObserver {
    default void onCreate(LifecycleOwner o) {} default void onStart(LifecycleOwner o) {} default void onResume(LifecycleOwner o) {}
    default void onPause(LifecycleOwner o) {} default void onStop(LifecycleOwner o) {} default void onDestroy(LifecycleOwner o) {}
}
