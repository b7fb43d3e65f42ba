package android.text;
public class TextUtils {
    public static boolean isEmpty(CharSequence s) { return s == null || s.length() == 0; }
    public static String join(CharSequence delimiter, Iterable<?> tokens) {
        StringBuilder sb = new StringBuilder(); boolean first = true;
        for (Object t : tokens) { if (!first) sb.append(delimiter); sb.append(t); first = false; }
        return sb.toString();
    }
    public static boolean equals(CharSequence a, CharSequence b) { return a == null ? b == null : b != null && a.toString().equals(b.toString()); }
    public static int getTrimmedLength(CharSequence s) {
        int len = s.length(), start = 0, end = len;
        while (start < len && s.charAt(start) <= ' ') start++;
        while (end > start && s.charAt(end - 1) <= ' ') end--;
        return end - start;
    }
}
