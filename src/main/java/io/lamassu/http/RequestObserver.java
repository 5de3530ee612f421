package io.lamassu.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.lamassu.common.RequestContext;

/**
 * One access-log line and one timer sample per request, keyed by the route <em>template</em>
 * ({@code /api/ca/v1/cas/{id}}) so that metrics keep a bounded number of series. Never logs
 * headers or bodies: tokens and keys travel in them.
 */
final class RequestObserver {
    private static final Logger ACCESS = LoggerFactory.getLogger("io.lamassu.access");
    private static final String UNMATCHED = "UNMATCHED";
    private final PrometheusMeterRegistry registry;

    RequestObserver(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void observe(Context ctx, Float millis) {
        String route = route(ctx);
        int status = ctx.statusCode();
        double ms = millis == null ? 0 : millis;
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
        if (ACCESS.isInfoEnabled()) {
            // The request's context is cleared by now: the access line gets its id and route back.
            MDC.put(RequestContext.MDC_REQUEST_ID, ctx.<String>attribute(RequestIds.ATTRIBUTE));
            MDC.put(RequestContext.MDC_ROUTE, ctx.method().name() + " " + route);
            ACCESS.info("{} {} status={} duration_ms={} request_id={} peer={}", ctx.method().name(),
                    route.equals(UNMATCHED) ? sanitize(ctx.path()) : route, status, String.format(Locale.ROOT, "%.1f", ms),
                    ctx.<String>attribute(RequestIds.ATTRIBUTE), ctx.req().getRemoteAddr());
            MDC.remove(RequestContext.MDC_REQUEST_ID);
            MDC.remove(RequestContext.MDC_ROUTE);
        }
    }

    static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? UNMATCHED : e.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }

    private static String outcome(int status) {
        return status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : status >= 300 ? "REDIRECTION"
                : "SUCCESS";
    }

    /** Unmatched paths come from the client: cap their length and strip control characters (log injection). */
    private static String sanitize(String path) {
        String p = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return p.replaceAll("[\\p{Cntrl}\\s]", "?");
    }
}
