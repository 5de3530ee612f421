package io.lamassu;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import io.lamassu.devices.DeviceService;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import io.lamassu.storage.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's operational meters (issue 13, listed in docs/operations.md): devices by status
 * (from the trigger-maintained counter tables, a few dozen rows), certificate and CA expiry,
 * lifecycle transitions (counted from the committed events the relay delivers, whichever path —
 * Java or PostgreSQL's set-based statement — wrote them) and job durations. Database-backed
 * gauges share one snapshot refreshed at most once a second, so a scrape costs three small queries.
 * The outbox backlog and relay lag are the relay's own meters ({@code OutboxRelay#bindMetrics}).
 */
final class OperationsMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsMetrics.class);
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private final MeterRegistry registry;
    private final Jdbc jdbc;
    private final Clock clock;
    private DeviceService devices;
    private Snapshot snapshot;
    private long takenAt;

    private record Snapshot(Map<DeviceStatus, Long> devices, long expiringIn30Days) {
    }
    /** CA id → seconds to expiry, as of the last snapshot; each CA's gauge reads its entry. */
    private final Map<String, Double> caExpiry = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Gauge> caGauges = new java.util.concurrent.ConcurrentHashMap<>();

    OperationsMetrics(MeterRegistry registry, Jdbc jdbc, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    synchronized void bindGauges(DeviceService deviceService) {
        this.devices = deviceService;
        for (DeviceStatus s : DeviceStatus.values()) {
            gauge("lamassu.devices", "Devices by status (from the status counter tables)",
                    snap -> snap.devices().getOrDefault(s, 0L), "status", s.name());
        }
        gauge("lamassu.certificates.expiring", "Active certificates whose NotAfter is within 30 days",
                snap -> snap.expiringIn30Days(), "within", "30d");
    }

    private void gauge(String name, String help, ToDoubleFunction<Snapshot> value, String... tags) {
        Gauge.builder(name, this, m -> {
            Snapshot s = m.current();
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(help).tags(tags).register(registry);
    }

    private synchronized Snapshot current() {
        long now = System.nanoTime();
        if (snapshot == null || now - takenAt > REFRESH_NANOS) {
            try {
                Map<DeviceStatus, Long> byStatus = new EnumMap<>(DeviceStatus.class);
                byStatus.putAll(devices.stats(List.of()).statusDistribution());
                long soon = clock.millis() + Duration.ofDays(30).toMillis();
                // ACTIVE certificates carry next_due_at = NotAfter (partial index); bounded as above.
                long expiring = jdbc.count("SELECT COUNT(*) FROM (SELECT 1 FROM ca_certificates WHERE next_due_at IS NOT NULL"
                        + " AND next_due_at <= ? LIMIT 100000) e", soon);
                snapshot = new Snapshot(byStatus, expiring);
                refreshCaExpiry();
                takenAt = now;
            } catch (RuntimeException e) {
                // A scrape must not fail because the database is briefly unavailable: gauges read NaN.
                LOG.warn("metrics snapshot failed: {}", e.toString());
                return null;
            }
        }
        return snapshot;
    }

    /**
     * One series per CA (a few hundred at most). Runs inside a scrape: a new CA's gauge is added
     * (it is first read at the next scrape), a deleted CA's gauge removed; existing gauges are never
     * re-registered, which would show one series twice in the scrape being written.
     */
    private void refreshCaExpiry() {
        long now = clock.millis();
        Map<String, Double> fresh = new java.util.HashMap<>();
        jdbc.query("SELECT a.id, c.valid_to FROM ca_authorities a JOIN ca_certificates c"
                + " ON c.serial_number = a.serial_number", rs -> fresh.put(rs.getString(1), (rs.getLong(2) - now) / 1000.0));
        caExpiry.putAll(fresh);
        for (String gone : List.copyOf(caGauges.keySet())) {
            if (!fresh.containsKey(gone)) {
                caExpiry.remove(gone);
                registry.remove(caGauges.remove(gone));
            }
        }
        for (String ca : fresh.keySet()) {
            caGauges.computeIfAbsent(ca, id -> Gauge.builder("lamassu.ca.expiry.seconds", caExpiry,
                            m -> m.getOrDefault(id, Double.NaN))
                    .description("Seconds until each CA's current certificate expires (negative once expired)")
                    .tag("ca", id).register(registry));
        }
    }

    /** Counts status transitions of devices and certificates from their committed update events. */
    void countTransitions(EventBus bus) {
        bus.subscribe("device.status.update", "metrics-device-transitions", e -> transition("device", e));
        bus.subscribe("certificate.status.update", "metrics-certificate-transitions",
                e -> transition("certificate", e));
    }

    private void transition(String resource, CloudEvent e) {
        try {
            JsonNode data = Json.MAPPER.readTree(e.data());
            String from = data.path("previous").path("status").asText("");
            String to = data.path("updated").path("status").asText("");
            if (!from.isEmpty() && !to.isEmpty()) {
                Counter.builder("lamassu.lifecycle.transitions")
                        .description("Status transitions of devices and certificates, by from and to status")
                        .tag("resource", resource).tag("from", from).tag("to", to)
                        .register(registry).increment();
            }
        } catch (java.io.IOException | RuntimeException ex) {
            LOG.warn("cannot count transition of event {}: {}", e.id(), ex.toString());
        }
    }

    /** Wraps a scheduled job: its duration by outcome ({@code success} or {@code failure}). */
    Runnable timed(String job, Runnable work) {
        return () -> {
            Timer.Sample sample = Timer.start(registry);
            String outcome = "failure";
            try {
                work.run();
                outcome = "success";
            } finally {
                sample.stop(Timer.builder("lamassu.job.duration").description("Scheduled job runs, by job and outcome")
                        .tag("job", job).tag("outcome", outcome).register(registry));
            }
        };
    }
}
