package android.net;

public class Uri {}
