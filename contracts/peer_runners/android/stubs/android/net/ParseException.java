package android.net;
public class ParseException extends RuntimeException {}
