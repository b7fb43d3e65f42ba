package android.util;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
/** Delegates to Gson's JsonWriter, from which Android's own was derived. */
public final class JsonWriter implements Closeable {
    private final com.google.gson.stream.JsonWriter d;
    public JsonWriter(Writer out) { d = new com.google.gson.stream.JsonWriter(out); }
    public void setIndent(String indent) { d.setIndent(indent); }
    public void setLenient(boolean lenient) { d.setLenient(lenient); }
    public JsonWriter beginArray() throws IOException { d.beginArray(); return this; }
    public JsonWriter endArray() throws IOException { d.endArray(); return this; }
    public JsonWriter beginObject() throws IOException { d.beginObject(); return this; }
    public JsonWriter endObject() throws IOException { d.endObject(); return this; }
    public JsonWriter name(String name) throws IOException { d.name(name); return this; }
    public JsonWriter value(String value) throws IOException { d.value(value); return this; }
    public JsonWriter nullValue() throws IOException { d.nullValue(); return this; }
    public JsonWriter value(boolean value) throws IOException { d.value(value); return this; }
    public JsonWriter value(double value) throws IOException { d.value(value); return this; }
    public JsonWriter value(long value) throws IOException { d.value(value); return this; }
    public JsonWriter value(Number value) throws IOException { d.value(value); return this; }
    public void flush() throws IOException { d.flush(); }
    public void close() throws IOException { d.close(); }
}
