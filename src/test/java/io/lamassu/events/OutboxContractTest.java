package io.lamassu.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import io.lamassu.events.inmemory.InMemoryEventBus;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.events.outbox.OutboxRelay;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** State change, audit record and event commit together or not at all, on both databases. */
abstract class OutboxContractTest {
    Database db;
    Jdbc jdbc;
    OutboxRelay relay;
    EventPublisher events;
    AuditTrail audit;
    final List<CloudEvent> delivered = new CopyOnWriteArrayList<>();

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        jdbc = new Jdbc(new Tx(db));
        jdbc.update("CREATE TABLE things (id TEXT PRIMARY KEY)");
        InMemoryEventBus bus = new InMemoryEventBus();
        bus.subscribe("thing.#", "test", delivered::add);
        relay = new OutboxRelay(jdbc, bus);
        MutableClock clock = MutableClock.atNow();
        events = new OutboxEventPublisher(jdbc, clock, "source://test", relay);
        audit = new AuditTrail(jdbc, clock);
        RequestContext.set(new Actor("jwt", "alice", Set.of("ADMIN")), "req-1");
    }

    @AfterEach
    void tearDown() {
        RequestContext.clear();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void committedChangeIsAuditedAndItsEventDelivered() {
        audit.run("thing.create", "thing", "t1", () -> {
            jdbc.update("INSERT INTO things VALUES (?)", "t1");
            events.publish("thing.create", "thing/t1", Map.of("id", "t1"));
        });
        assertThat(relay.drain()).isEqualTo(1);
        assertThat(delivered).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("thing.create");
            assertThat(e.subject()).isEqualTo("thing/t1");
            assertThat(e.data()).isEqualTo("{\"id\":\"t1\"}");
            assertThat(e.authid()).isEqualTo("alice");
        });
        assertThat(jdbc.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'SUCCESS' AND actor_id = 'alice'"
                + " AND object_id = 't1' AND request_id = 'req-1'")).isEqualTo(1);
        assertThat(relay.drain()).isZero();
    }

    /** Shutdown closes the relay before the database: a relay run in progress must finish first. */
    @Test
    void closeWaitsForTheRelayRunInProgress() throws Exception {
        java.util.concurrent.CountDownLatch inDelivery = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InMemoryEventBus slow = new InMemoryEventBus();
        slow.subscribe("thing.#", "slow", e -> {
            inDelivery.countDown();
            try {
                release.await();
            } catch (InterruptedException ie) {
                throw new IllegalStateException("interrupted while delivering");
            }
        });
        OutboxRelay running = new OutboxRelay(jdbc, slow);
        EventPublisher publisher = new OutboxEventPublisher(jdbc, MutableClock.atNow(), "source://test", running);
        running.start(3_600_000);
        audit.run("thing.create", "thing", "t9", () -> {
            jdbc.update("INSERT INTO things VALUES (?)", "t9");
            publisher.publish("thing.create", "thing/t9", Map.of("id", "t9"));
        });
        assertThat(inDelivery.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture
                .runAsync(running::close);
        assertThatThrownBy(() -> closing.get(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("close() returned while a delivery was still running")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        release.countDown();
        closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
        // The run finished its work (deliver, then delete the claimed row) before close returned.
        assertThat(jdbc.count("SELECT COUNT(*) FROM event_outbox")).isZero();
    }

    /** PostgreSQL offers set-based outbox inserts (one event per row, payload built in SQL); SQLite does not. */
    @Test
    void setBasedInsertWritesEventsWithThePublishersEnvelope() {
        java.util.Optional<OutboxInsert> insert = events.outboxInsert("thing.create");
        if (db.dialect() != io.lamassu.storage.Dialect.POSTGRES) {
            assertThat(insert).isEmpty();
            return;
        }
        OutboxInsert o = insert.orElseThrow();
        audit.run("thing.create", "thing", "", () -> {
            jdbc.update("INSERT INTO things VALUES ('t1'), ('t2')");
            jdbc.queryList("WITH written AS (" + o.insertSelect("'thing/' || t.id",
                    "concat('{\"id\":', to_json(t.id), '}')", "things t") + ") SELECT 1", rs -> 1, o.params());
            o.written();
        });
        assertThat(relay.drain()).isEqualTo(2);
        assertThat(delivered).extracting(CloudEvent::subject).containsExactlyInAnyOrder("thing/t1", "thing/t2");
        assertThat(delivered).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("thing.create");
            assertThat(e.source()).isEqualTo("source://test");
            assertThat(e.authid()).isEqualTo("alice");
            assertThat(e.data()).isEqualTo("{\"id\":\"" + e.subject().substring(6) + "\"}");
        });
        assertThat(delivered.get(0).id()).isNotEqualTo(delivered.get(1).id());
    }

    @Test
    void failedChangeLeavesNoStateNoEventButAnAuditedFailure() {
        assertThatThrownBy(() -> audit.run("thing.create", "thing", "t2", () -> {
            jdbc.update("INSERT INTO things VALUES (?)", "t2");
            events.publish("thing.create", "thing/t2", Map.of("id", "t2"));
            throw LamassuException.conflict("THING_BROKEN", "no");
        })).isInstanceOf(LamassuException.class);
        assertThat(jdbc.count("SELECT COUNT(*) FROM things")).isZero();
        assertThat(relay.drain()).isZero();
        assertThat(jdbc.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'FAILURE' AND detail LIKE 'THING_BROKEN%'"))
                .isEqualTo(1);
    }

    @Test
    void eventsAreDeliveredInCommitOrder() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            audit.run("thing.create", "thing", "t" + n, () -> events.publish("thing.create", "thing/" + n, Map.of()));
        }
        relay.drain();
        assertThat(delivered).extracting(CloudEvent::subject)
                .containsExactly("thing/0", "thing/1", "thing/2", "thing/3", "thing/4");
    }

    /** The relay sees committed events only, and does not wait for transactions still open. */
    @Test
    void anEventIsNotDeliveredBeforeItsTransactionCommits() throws Exception {
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            RequestContext.set(new Actor("jwt", "alice", Set.of("ADMIN")), "req-2");
            audit.run("thing.create", "thing", "t3", () -> {
                events.publish("thing.create", "thing/t3", Map.of());
                published.countDown();
                await(release);
            });
        });
        writer.start();
        assertThat(published.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.util.concurrent.CompletableFuture<Integer> early =
                java.util.concurrent.CompletableFuture.supplyAsync(relay::drain);
        try {
            assertThat(early.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(delivered).isEmpty();
        } finally {
            release.countDown();
            writer.join();
        }
        assertThat(relay.drain()).isEqualTo(1);
        assertThat(delivered).extracting(CloudEvent::subject).containsExactly("thing/t3");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
