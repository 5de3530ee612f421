package io.lamassu.events;

import static io.lamassu.events.EventBusContract.await;
import static io.lamassu.events.EventBusContract.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.lamassu.events.outbox.InboxEventBus;
import io.lamassu.events.rabbitmq.RabbitMqEventBus;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.testkit.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production wiring on the real RabbitMQ: deliveries that arrived together are handled in one
 * database transaction (inbox rows and the handlers' writes), and a failure anywhere in a batch
 * undoes it, so every event still takes effect exactly once and only the bad one is dead-lettered.
 */
class RabbitMqBatchedConsumerTest {
    private static final int EVENTS = 300;
    private static final int PREFETCH = 50;
    private TestBrokers.Names names;
    private Database db;
    private Jdbc jdbc;
    private final AtomicInteger scopes = new AtomicInteger();
    /** Handlers running inside a batch scope now (one consumer at a time here, so 0 or 1). */
    private final AtomicInteger inScope = new AtomicInteger();
    private RabbitMqEventBus broker;

    @BeforeEach
    void open() throws Exception {
        names = TestBrokers.fresh();
        Path dir = Files.createTempDirectory("lamassu-batched");
        db = Database.sqlite(dir.resolve("lamassu.db"));
        jdbc = new Jdbc(new Tx(db));
        jdbc.update("CREATE TABLE test_effects (consumer TEXT NOT NULL, event_id TEXT NOT NULL, seq INTEGER NOT NULL)");
        RabbitMqEventBus.Settings s = RabbitMqEventBusTest.settings(names);
        Consumer<Runnable> scope = work -> {
            scopes.incrementAndGet();
            jdbc.tx().run(() -> {
                inScope.incrementAndGet();
                try {
                    work.run();
                } finally {
                    inScope.decrementAndGet();
                }
            });
        };
        broker = RabbitMqEventBus.start(new RabbitMqEventBus.Settings(s.url(), s.exchange(), s.deadLetterExchange(),
                s.queuePrefix(), s.retry(), s.confirmTimeoutMillis(), PREFETCH, s.reconnectMillis()), scope);
    }

    @AfterEach
    void close() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            db.close();
        }
        if (names != null) {
            names.delete(names.queuePrefix() + ".a", names.queuePrefix() + ".picky");
        }
    }

    @Test
    void eventsThatArriveTogetherCommitTogetherAndEachTakesEffectOnce() throws Exception {
        EventBus bus = new InboxEventBus(broker, jdbc, Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger batched = new AtomicInteger();
        bus.subscribe("#", "a", e -> {
            awaitQuietly(release);
            record("a", e, seq.incrementAndGet());
            if (inScope.get() > 0) {
                batched.incrementAndGet();
            }
        });
        List<CloudEvent> sent = events(EVENTS, -1);
        bus.deliverAll(sent);
        // The first handler holds its batch until the broker has handed out a full prefetch window.
        await("a full prefetch window in flight", () -> ready("a") == EVENTS - PREFETCH);
        release.countDown();
        await("every event handled", () -> effects("a") == EVENTS && ready("a") == 0);
        assertThat(idsInOrder("a")).containsExactlyElementsOf(sent.stream().map(CloudEvent::id).toList());
        assertThat(jdbc.count("SELECT COUNT(*) FROM event_inbox WHERE consumer = 'a'")).isEqualTo(EVENTS);
        // Once the window is full, deliveries wait in batches: most events share a transaction.
        assertThat(batched.get()).as("events handled inside a batch").isGreaterThanOrEqualTo(EVENTS / 2);
        assertThat(scopes.get()).as("batch transactions for %d events", EVENTS).isBetween(1, EVENTS / 10);
    }

    @Test
    void aFailureInABatchUndoesItAndOnlyTheBadEventIsDeadLettered() throws Exception {
        EventBus bus = new InboxEventBus(broker, jdbc, Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        int poison = 120;
        bus.subscribe("#", "picky", e -> {
            awaitQuietly(release);
            record("picky", e, 0); // written, then undone with the batch when the poison comes later in it
            if (e.subject().equals("ca/" + poison)) {
                throw new IllegalStateException("cannot handle");
            }
        });
        List<CloudEvent> sent = events(EVENTS, poison);
        bus.deliverAll(sent);
        await("a full prefetch window in flight", () -> ready("picky") == EVENTS - PREFETCH);
        release.countDown();
        await("every good event handled and the bad one dead-lettered", () -> effects("picky") == EVENTS - 1
                && deadLetters() == 1);
        List<String> expected = new ArrayList<>(sent.stream().map(CloudEvent::id).toList());
        expected.remove(poison);
        assertThat(idsInOrder("picky")).containsExactlyElementsOf(expected);
        assertThat(jdbc.count("SELECT COUNT(*) FROM event_inbox WHERE consumer = 'picky'")).isEqualTo(EVENTS - 1);
    }

    private static List<CloudEvent> events(int n, int marked) {
        List<CloudEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event("ca.create", "ca/" + (i == marked ? marked : "n" + i), Map.of("n", i)));
        }
        return out;
    }

    private void record(String consumer, CloudEvent e, int seq) {
        jdbc.update("INSERT INTO test_effects (consumer, event_id, seq) VALUES (?, ?, ?)", consumer, e.id(), seq);
    }

    private long effects(String consumer) {
        return jdbc.count("SELECT COUNT(*) FROM test_effects WHERE consumer = '" + consumer + "'");
    }

    /** Each event once, in the order the consumer handled them (rowid order is insertion order). */
    private List<String> idsInOrder(String consumer) {
        return jdbc.query("SELECT event_id FROM test_effects WHERE consumer = ? ORDER BY rowid", rs -> rs.getString(1),
                consumer);
    }

    private long ready(String consumer) {
        return messages(names.queuePrefix() + "." + consumer);
    }

    private long deadLetters() {
        return messages(names.deadLetterExchange());
    }

    private long messages(String queue) {
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the consumer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
