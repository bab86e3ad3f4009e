package io.hoplink.router;
public final class Main { public static void main(String[] a) {} }
