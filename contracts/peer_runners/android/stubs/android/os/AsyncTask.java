package android.os;
public abstract class AsyncTask<P, G, R> {
    protected abstract R doInBackground(P... params);
    protected void onPostExecute(R result) {}
    @SafeVarargs public final AsyncTask<P, G, R> execute(P... params) { return this; }
}
