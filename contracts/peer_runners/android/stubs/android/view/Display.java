package android.view;
public class Display { public void getMetrics(android.util.DisplayMetrics m) {} }
