package android.util;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
/** Delegates to Gson's JsonReader, from which Android's own was derived (same tokens, same strict grammar). */
public final class JsonReader implements Closeable {
    private final com.google.gson.stream.JsonReader d;
    public JsonReader(Reader in) { d = new com.google.gson.stream.JsonReader(in); }
    public void setLenient(boolean lenient) { d.setLenient(lenient); }
    public void beginArray() throws IOException { d.beginArray(); }
    public void endArray() throws IOException { d.endArray(); }
    public void beginObject() throws IOException { d.beginObject(); }
    public void endObject() throws IOException { d.endObject(); }
    public boolean hasNext() throws IOException { return d.hasNext(); }
    public JsonToken peek() throws IOException { return JsonToken.valueOf(d.peek().name()); }
    public String nextName() throws IOException { return d.nextName(); }
    public String nextString() throws IOException { return d.nextString(); }
    public boolean nextBoolean() throws IOException { return d.nextBoolean(); }
    public void nextNull() throws IOException { d.nextNull(); }
    public double nextDouble() throws IOException { return d.nextDouble(); }
    public long nextLong() throws IOException { return d.nextLong(); }
    public int nextInt() throws IOException { return d.nextInt(); }
    public void skipValue() throws IOException { d.skipValue(); }
    public void close() throws IOException { d.close(); }
}
