package io.lamassu.http;

/** Lets tests outside this package mount the probe routes. */
public final class ProbeAccess {
    private ProbeAccess() {
    }

    public static Routes.Module module() {
        return new ProbeRoutes();
    }
}
