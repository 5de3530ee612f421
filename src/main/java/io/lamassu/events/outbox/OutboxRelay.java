package io.lamassu.events.outbox;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox rows to the bus in commit order, then deletes them. Rows are claimed with
 * SKIP LOCKED on PostgreSQL so several instances can relay without delivering an event twice.
 * Delivery is at-least-once: a crash between delivery and delete re-delivers that batch.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final long COALESCE_MILLIS = 5;
    private final Jdbc jdbc;
    private final EventBus bus;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    public OutboxRelay(Jdbc jdbc, EventBus bus) {
        this.jdbc = jdbc;
        this.bus = bus;
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
        } catch (RuntimeException e) {
            LOG.warn("outbox relay failed: {}", e.toString());
        }
    }

    /**
     * Relays everything committed so far; returns the number of events delivered. Synchronized:
     * on SQLite two drains of this process could otherwise read the same rows.
     */
    public synchronized int drain() {
        int total = 0;
        int n;
        do {
            n = jdbc.dialect() == Dialect.POSTGRES ? jdbc.tx().inTransaction(this::relayBatch) : relayBatch();
            total += n;
        } while (n == BATCH);
        return total;
    }

    /**
     * On PostgreSQL inside a transaction that claims the rows (SKIP LOCKED: other instances relay
     * too). On SQLite outside one: a transaction there may share its SQLite transaction with other
     * callers' (group commit), and would see, deliver and delete their events before they commit;
     * read through the pool, only committed rows are seen, and the delete is a transaction of its own.
     */
    private int relayBatch() {
        List<Object[]> rows = jdbc.query("SELECT id, event_id, type, source, subject, created_at, auth_type, auth_id, data"
                + " FROM event_outbox ORDER BY id LIMIT " + BATCH + jdbc.dialect().skipLocked(), rs -> new Object[] {
                    rs.getLong(1), new CloudEvent("1.0", rs.getString(2), rs.getString(4), rs.getString(3),
                            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), "application/json",
                            rs.getString(7), rs.getString(8), rs.getString(9))});
        for (Object[] row : rows) {
            bus.deliver((CloudEvent) row[1]);
        }
        if (!rows.isEmpty()) {
            // Delete exactly the claimed rows: with SKIP LOCKED another instance may own ids in between.
            String marks = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
            jdbc.update("DELETE FROM event_outbox WHERE id IN (" + marks + ")",
                    rows.stream().map(r -> r[0]).toArray());
        }
        return rows.size();
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
