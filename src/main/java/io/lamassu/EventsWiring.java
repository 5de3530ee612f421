package io.lamassu;

import io.lamassu.common.Durations;
import io.lamassu.config.LamassuConfig;
import io.lamassu.events.ConsumerRetry;
import io.lamassu.events.EventBus;
import io.lamassu.events.inmemory.InMemoryEventBus;
import io.lamassu.events.outbox.InboxEventBus;
import io.lamassu.events.rabbitmq.RabbitMqEventBus;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.files.FileLocks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The composition root's part for the event bus (kept apart so Application stays small). */
public final class EventsWiring {
    /** How long consumers remember event ids (a redelivery is a matter of seconds to hours). */
    static final Duration INBOX_RETENTION = Duration.ofDays(7);
    static final long INBOX_PRUNE_MILLIS = 3_600_000;
    private static final long RECONNECT_MILLIS = 1000;

    private EventsWiring() {
    }

    /** The configured broker, every subscriber made idempotent by event id (event_inbox). */
    static InboxEventBus bus(LamassuConfig.Events cfg, Jdbc jdbc, Clock clock) {
        ConsumerRetry retry = new ConsumerRetry(cfg.consumerRetries(), Durations.parse(cfg.retryInitialBackoff()),
                Durations.parse(cfg.retryMaxBackoff()));
        EventBus broker = cfg.isRabbitMq()
                ? RabbitMqEventBus.start(new RabbitMqEventBus.Settings(cfg.amqpUrl(), cfg.exchange(),
                        cfg.deadLetterExchange(), cfg.queuePrefix(), retry,
                        Durations.parse(cfg.confirmTimeout()).toMillis(), cfg.prefetch(), RECONNECT_MILLIS),
                        // A batch of deliveries shares one transaction: the inbox rows and the
                        // handlers' writes of up to `prefetch` events commit once, not once each.
                        work -> jdbc.tx().run(work))
                : new InMemoryEventBus(retry);
        return new InboxEventBus(broker, jdbc, clock);
    }

    /**
     * One process per SQLite file: a second server on the same file would have its own writer and
     * outbox relay, and SQLite's locks would not keep them from stepping on each other.
     */
    static AutoCloseable lockSqlite(Path databaseFile) {
        Path lock = databaseFile.resolveSibling(databaseFile.getFileName() + ".lock");
        return FileLocks.exclusiveOrRefuse(lock, "the SQLite database " + databaseFile + " is in use by another"
                + " lamassu process (lock " + lock + "); one SQLite file serves one process. To run several"
                + " instances, use PostgreSQL (storage.db_url) — see docs/deployment.md");
    }

    /** Creates data-directory secrets one server at a time (instances may share the directory). */
    static <T> T initLocked(Path dataDir, java.util.function.Supplier<T> work) {
        return FileLocks.whileLocked(dataDir.resolve(".init.lock"), work);
    }
}
