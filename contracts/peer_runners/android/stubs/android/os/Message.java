package android.os;
public class Message { public int what; public Object obj; public int arg1; public int arg2; }
