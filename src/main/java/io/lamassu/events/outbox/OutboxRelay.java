package io.lamassu.events.outbox;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox rows to the bus in commit order, and deletes them only once the bus has
 * taken them (RabbitMQ: publisher confirms), in the same database transaction that claimed them.
 * While the broker is unreachable the rows stay, and the relay tries again at the next poll.
 *
 * <p>Several instances: on PostgreSQL a batch runs in a transaction that first takes the relay
 * lease (one row locked FOR UPDATE SKIP LOCKED; an instance that finds it taken leaves the work to
 * the holder) and then claims its rows FOR UPDATE SKIP LOCKED. One relay at a time keeps events of
 * one subject in commit order across instances; the row locks mean no row is published twice by
 * two instances. Delivery is at-least-once (a crash after the confirm and before the commit sends
 * the batch again); consumers de-duplicate by event id ({@link InboxEventBus}).
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final int BATCH = 500;
    /**
     * 20 ms, not less: each drain is a database transaction (and with RabbitMQ a confirm round and a
     * consumer transaction); at a few hundred commits per second a shorter wait relays one event per
     * drain and costs the writers about a tenth of the signing rate on PostgreSQL (BENCHMARKS.md).
     */
    private static final long COALESCE_MILLIS = 20;
    private static final long LEASE_RETRY_MILLIS = 50;
    /** The outbox columns a batch reads, in the order {@link #toEvent} maps them. */
    private static final String COLUMNS = "id, event_id, type, source, subject, created_at, auth_type, auth_id, data";
    private final Jdbc jdbc;
    private final EventBus bus;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean failing;
    private ScheduledExecutorService executor;
    private Counter relayed;
    private Counter failures;

    public OutboxRelay(Jdbc jdbc, EventBus bus) {
        this.jdbc = jdbc;
        this.bus = bus;
    }

    /** Backlog, relay lag, relayed and failed counts, bus state ({@code /metrics}). */
    public void bindMetrics(MeterRegistry registry, Clock clock) {
        Gauge.builder("lamassu.outbox.backlog", this, OutboxRelay::backlog)
                .description("events committed and not yet taken by the bus").baseUnit("events").register(registry);
        Gauge.builder("lamassu.outbox.relay.lag", this, r -> r.lagMillis(clock.instant()) / 1000.0)
                .description("age of the oldest event waiting in the outbox").baseUnit("seconds").register(registry);
        Gauge.builder("lamassu.events.bus.up", bus, b -> "UP".equals(b.status()) ? 1 : 0)
                .description("1 while the event broker is reachable").register(registry);
        relayed = Counter.builder("lamassu.outbox.relayed").baseUnit("events")
                .description("events the bus took (confirmed by the broker)").register(registry);
        failures = Counter.builder("lamassu.outbox.relay.failures")
                .description("relay batches the bus did not take").register(registry);
    }

    public void start(long pollMillis) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::drainQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Called after a commit that wrote events: relay soon instead of waiting for the next poll.
     * Wake-ups within {@link #COALESCE_MILLIS} share one drain, so under load the relay costs one
     * write transaction per batch of commits rather than one per commit.
     */
    public void wakeUp() {
        if (executor != null && !executor.isShutdown() && pending.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    pending.set(false);
                    drainQuietly();
                }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down: the events stay in the outbox and the next start relays them
            }
        }
    }

    private void drainQuietly() {
        try {
            drain();
            if (failing) {
                failing = false;
                LOG.info("outbox relay delivering again ({} bus)", bus.name());
            }
        } catch (RuntimeException e) {
            if (failures != null) {
                failures.increment();
            }
            if (!failing) {
                failing = true;
                LOG.warn("outbox relay cannot deliver ({}); events wait in the outbox: {}", bus.name(), e.toString());
            }
        }
    }

    /**
     * Relays everything committed so far; returns the number of events delivered. Synchronized:
     * on SQLite two drains of this process could otherwise read the same rows.
     */
    public synchronized int drain() {
        int total = 0;
        Batch b;
        do {
            b = jdbc.dialect() == Dialect.POSTGRES ? jdbc.tx().inTransaction(this::relayLeased) : relayBatch();
            total += b.relayed();
        } while (b.relayed() == BATCH);
        if (b.leaseTaken()) {
            retryLater();
        }
        return total;
    }

    /** What one batch did: rows relayed, or the lease was held by another instance. */
    private record Batch(int relayed, boolean leaseTaken) {
    }

    /** Another instance relays now; look again shortly for what it may have missed (our commit). */
    private void retryLater() {
        if (executor != null && !executor.isShutdown()) {
            executor.schedule(this::drainQuietly, LEASE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private Batch relayLeased() {
        if (jdbc.query("SELECT id FROM event_relay_lease WHERE id = 1" + jdbc.dialect().skipLocked(),
                rs -> rs.getInt(1)).isEmpty()) {
            return new Batch(0, true);
        }
        return relayBatch();
    }

    /**
     * On PostgreSQL inside the leased transaction. On SQLite outside one: a transaction there may
     * share its SQLite transaction with other callers' (group commit), and would see, deliver and
     * delete their events before they commit; read through the pool, only committed rows are seen,
     * and the delete is a transaction of its own (one process per SQLite file: a file lock).
     */
    private Batch relayBatch() {
        List<Long> ids = new ArrayList<>();
        List<CloudEvent> events = jdbc.query("SELECT " + COLUMNS + " FROM event_outbox ORDER BY id LIMIT " + BATCH
                + jdbc.dialect().skipLocked(), rs -> {
                    ids.add(rs.getLong(1));
                    return toEvent(rs);
                });
        if (events.isEmpty()) {
            return new Batch(0, false);
        }
        bus.deliverAll(events);
        // Delete exactly the claimed rows: with SKIP LOCKED another transaction may own ids in between.
        jdbc.update("DELETE FROM event_outbox WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ")", ids.toArray());
        if (relayed != null) {
            relayed.increment(events.size());
        }
        return new Batch(events.size(), false);
    }

    /** The CloudEvent a row announces (columns as {@link #COLUMNS}). */
    private static CloudEvent toEvent(ResultSet rs) throws SQLException {
        return new CloudEvent("1.0", rs.getString(2), rs.getString(4), rs.getString(3), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), "application/json", rs.getString(7), rs.getString(8),
                rs.getString(9));
    }

    /** Events waiting in the outbox. */
    public long backlog() {
        return jdbc.count("SELECT COUNT(*) FROM event_outbox");
    }

    /** How long the oldest waiting event has waited (0 when none waits). */
    public long lagMillis(Instant now) {
        return jdbc.queryOne("SELECT created_at FROM event_outbox ORDER BY id LIMIT 1", rs -> rs.getLong(1))
                .map(created -> Math.max(0, now.toEpochMilli() - created)).orElse(0L);
    }

    /**
     * Graceful: no new relay runs, and one in progress finishes (it delivers and deletes what it
     * claimed) before the database behind it closes; interrupted only if it hangs.
     */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
