package io.lamassu.http;

import io.javalin.config.JavalinConfig;
import java.util.List;

/**
 * CORS from configuration ({@code server.cors_origins}); none by default, so browsers on other
 * origins cannot call the API unless an operator lists them. Credentials are never allowed:
 * the API uses bearer tokens, not cookies.
 */
final class Cors {
    private Cors() {
    }

    static void configure(JavalinConfig c, List<String> origins) {
        if (origins.isEmpty()) {
            return;
        }
        c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            if (origins.contains("*")) {
                rule.anyHost();
            } else {
                origins.forEach(o -> rule.allowHost(o));
            }
            rule.exposeHeader(RequestIds.HEADER);
            rule.maxAge = 600;
        }));
    }
}
