package io.lamassu.http;

import io.javalin.http.Context;

/**
 * Response headers that harden API responses against content sniffing, framing and caching of
 * secrets (OWASP secure headers; globalsign/est's edge middleware does the same).
 */
final class SecureHeaders {
    private SecureHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        String path = ctx.path();
        if (!path.equals("/") && !path.startsWith("/console")) {
            ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            ctx.header("Cache-Control", "no-store");
        }
        if (ctx.req().isSecure()) {
            // RFC 6797: only sent over TLS; a year, the common preload minimum.
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
