package io.lamassu.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness ({@code /health/live}: the process answers) and readiness ({@code /health/ready} and
 * {@code /health}: the database answers {@code SELECT 1} within a deadline). A check that hangs —
 * a pool waiting for a dead PostgreSQL — counts as down, so orchestrators get a prompt 503. A
 * degradable dependency (the event broker) that is unreachable makes the status {@code DEGRADED}
 * with a 200: the instance still serves, and a load balancer must keep sending it traffic.
 */
final class HealthRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
    private static final long DEADLINE_MILLIS = 2000;
    private final ReadinessCheck check;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "readiness-check");
        t.setDaemon(true);
        return t;
    });

    HealthRoutes(ReadinessCheck check) {
        this.check = check;
    }

    void register(Routes routes) {
        routes.get("/health/live", Role.PUBLIC, ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/health/ready", Role.PUBLIC, this::ready);
        routes.get("/health", Role.PUBLIC, this::ready);
    }

    private void ready(Context ctx) {
        boolean up = databaseUp();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", up ? "UP" : "DOWN");
        checks.putAll(check.degradable());
        boolean degraded = checks.values().stream().anyMatch(v -> !"UP".equals(v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !up ? "DOWN" : degraded ? "DEGRADED" : "UP");
        body.put("checks", checks);
        Map<String, Object> details = check.details();
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        ctx.status(up ? 200 : 503).json(body);
    }

    private boolean databaseUp() {
        Future<?> f = executor.submit(() -> {
            check.check();
            return null;
        });
        try {
            f.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            f.cancel(true);
            LOG.warn("readiness check failed: {}", e.toString());
            return false;
        }
    }

    void close() {
        executor.shutdownNow();
    }
}
