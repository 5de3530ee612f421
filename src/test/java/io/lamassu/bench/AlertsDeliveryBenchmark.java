package io.lamassu.bench;

import com.sun.net.httpserver.HttpServer;
import io.lamassu.Application;
import io.lamassu.alerts.SubscriptionRequest;
import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import io.lamassu.common.Uuids;
import io.lamassu.config.LamassuConfig;
import io.lamassu.events.CloudEvent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deliveries per second to a local webhook receiver (BENCHMARKS.md "Alerts"): the production
 * wiring (SQLite, or PostgreSQL with {@code -Dbench.db=jdbc:postgresql://...}), {@code S} webhook
 * subscriptions ({@code -Dbench.subscriptions}, default 20) to one receiver that answers 204 at
 * once, and {@code E} events ({@code -Dbench.events}, default 500) handed to the bus as the outbox
 * relay does. Reports the rate at which the consumer records events (each with S deliveries), and
 * the end-to-end rate until the last delivery is logged DELIVERED. Workers: {@code alerts.workers}
 * ({@code -Dbench.workers}, default 8).
 */
public final class AlertsDeliveryBenchmark {
    public static void main(String[] args) throws Exception {
        int subscriptions = Integer.getInteger("bench.subscriptions", 20);
        int events = Integer.getInteger("bench.events", 500);
        int workers = Integer.getInteger("bench.workers", 8);
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
        LamassuConfig config = config(workers);
        long total = (long) events * subscriptions;
        try {
            double[] recorded = record(config, subscriptions, events,
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            try (Application app = Application.start(config, Clock.systemUTC())) {
                long t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                app.alerts().dispatcher().wakeUp();
                while (delivered(app) < total) {
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuPerDelivery = (processCpuNanos() - cpu0) / 1e3 / total;
                System.out.printf("%s: %d subscriptions x %d events = %d deliveries, %d workers%n",
                        config.storage().isPostgres() ? "PostgreSQL" : "SQLite", subscriptions, events, total, workers);
                System.out.printf("consumer recorded %.0f events/s (%.0f deliveries/s created, dispatch stopped), %.0f us"
                        + " process CPU per event;%n dispatcher sent the backlog at %.0f deliveries/s (%.1f s), %.0f us"
                        + " process CPU per delivery (receiver included); receiver got %d requests%n",
                        recorded[0], recorded[0] * subscriptions, recorded[1], total / seconds, seconds, cpuPerDelivery,
                        received.get());
            }
        } finally {
            receiver.stop(0);
            System.exit(0);
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Phase 1, dispatch stopped: the consumer's rate (match + one transaction per event). Returns
     * events/s and the process CPU microseconds per event.
     */
    static double[] record(LamassuConfig config, int subscriptions, int events, String url) {
        try (Application app = Application.start(config, Clock.systemUTC())) {
            app.alerts().dispatcher().close();
            RequestContext.set(new Actor("jwt", "bench", Set.of("ADMIN")), "bench");
            for (int i = 0; i < subscriptions; i++) {
                app.alerts().service().subscribe("bench-user-" + (i % 10), new SubscriptionRequest("device-group.create",
                        List.of(), new SubscriptionRequest.ChannelInput("WEBHOOK", "b" + i, Map.of("webhook_url", url))));
            }
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            for (int i = 0; i < events; i++) {
                app.eventBus().deliver(new CloudEvent("1.0", Uuids.random(), "source://bench", "device-group.create",
                        "device-group/g" + i, Instant.now(), "application/json", "jwt", "bench",
                        "{\"id\":\"g" + i + "\",\"name\":\"group " + i + "\",\"criteria\":[]}"));
            }
            return new double[] {events / ((System.nanoTime() - t0) / 1e9), (processCpuNanos() - cpu0) / 1e3 / events};
        }
    }

    static long delivered(Application app) {
        return app.jdbc().count("SELECT COUNT(*) FROM alert_deliveries WHERE status = 'DELIVERED'");
    }

    static LamassuConfig config(int workers) throws Exception {
        Path dir = Files.createTempDirectory("lamassu-bench-alerts");
        LamassuConfig d = LamassuConfig.defaults(dir);
        LamassuConfig.Server s = d.server();
        LamassuConfig.Alerts a = LamassuConfig.Alerts.defaults();
        return new LamassuConfig(dir, new LamassuConfig.Server("127.0.0.1", 0, 0, s.tlsHostnames(), List.of(),
                s.maxBodyBytes(), s.trustedProxies(), false),
                new LamassuConfig.Storage(System.getProperty("bench.db", ""), "", "", 10), d.auth(), d.pki(), d.jobs(),
                new LamassuConfig.Alerts(workers, a.pollMillis(), a.maxAttempts(), a.initialBackoff(), a.maxBackoff(),
                        a.connectTimeout(), a.requestTimeout(), a.maxSubscriptionsPerUser(), a.deliveryRetention(),
                        "", 587, "", "", a.smtpFrom(), a.smtpTls()));
    }
}
