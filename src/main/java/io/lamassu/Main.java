package io.lamassu;
public class Main { public static void main(String[] a) {} }
