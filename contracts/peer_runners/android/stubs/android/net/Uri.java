package android.net;
public class Uri { public static Uri parse(String s) { return new Uri(); } public String getQueryParameter(String k) { return null; } public java.util.Set<String> getQueryParameterNames() { return java.util.Collections.emptySet(); } }
