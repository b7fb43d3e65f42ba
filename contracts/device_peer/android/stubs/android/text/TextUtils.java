package android.text;

/** android.text.TextUtils.isEmpty: null or length 0. */
public class TextUtils {
    public static boolean isEmpty(CharSequence str) { return str == null || str.length() == 0; }
}
