package androidx.annotation;
public @interface CheckResult { String suggest() default ""; }
