package android.util;
public class Pair<F, S> {
    public final F first; public final S second;
    public Pair(F first, S second) { this.first = first; this.second = second; }
    public static <A, B> Pair<A, B> create(A a, B b) { return new Pair<>(a, b); }
}
