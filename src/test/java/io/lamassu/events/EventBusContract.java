package io.lamassu.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.json.Json;
import io.lamassu.events.outbox.InboxEventBus;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every event bus must do, run against the in-process bus and the real RabbitMQ: topic
 * routing by the CloudEvent type with wildcards, a copy per consuming service, order kept, the
 * envelope unchanged, retries for a failing consumer, a consumer that keeps failing does not hold
 * the others or its later events, and (through the inbox) each event handled once per consumer.
 * Buses under test retry twice with millisecond backoff.
 */
abstract class EventBusContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    final List<AutoCloseable> closeables = new ArrayList<>();

    /** A fresh bus (RabbitMQ: its own exchange and queues). */
    abstract EventBus open();

    /** Events the consumer {@code subscriberId} gave up on so far (RabbitMQ: messages in the DLQ). */
    abstract long deadLetters(String subscriberId);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    EventBus bus() {
        EventBus bus = open();
        closeables.add(bus);
        return bus;
    }

    static CloudEvent event(String type, String subject, Object data) {
        return new CloudEvent("1.0", UUID.randomUUID().toString(), "source://lamassu.io/ctx/source/service/test", type,
                subject, Instant.now().truncatedTo(ChronoUnit.MILLIS), "application/json", "jwt", "alice",
                Json.write(data));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    @Test
    void routesByTypeWithWildcardsAndGivesEachServiceItsOwnCopy() {
        EventBus bus = bus();
        List<String> certs = new CopyOnWriteArrayList<>();
        List<String> statuses = new CopyOnWriteArrayList<>();
        List<String> all = new CopyOnWriteArrayList<>();
        bus.subscribe("certificate.#", "va", e -> certs.add(e.type()));
        bus.subscribe("*.status.update", "devices", e -> statuses.add(e.type()));
        bus.subscribe("#", "alerts", e -> all.add(e.type()));
        List<String> types = List.of("certificate.status.update", "ca.create", "device.status.update",
                "certificate.create", "device-group.create");
        bus.deliverAll(types.stream().map(t -> event(t, "x/1", Map.of())).toList());
        await("every event at the # consumer", () -> all.size() == types.size());
        await("certificate events", () -> certs.size() == 2);
        await("status events", () -> statuses.size() == 2);
        assertThat(all).containsExactlyElementsOf(types);
        assertThat(certs).containsExactly("certificate.status.update", "certificate.create");
        assertThat(statuses).containsExactly("certificate.status.update", "device.status.update");
    }

    @Test
    void keepsTheEnvelopeAndTheOrder() {
        EventBus bus = bus();
        List<CloudEvent> got = new CopyOnWriteArrayList<>();
        bus.subscribe("device.#", "devices", got::add);
        List<CloudEvent> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(event("device.status.update", "device/d" + (i % 7), Map.of("n", i, "status", "ACTIVE")));
        }
        bus.deliverAll(sent.subList(0, 100));
        bus.deliverAll(sent.subList(100, 200));
        await("200 events", () -> got.size() == 200);
        assertThat(got).containsExactlyElementsOf(sent);
    }

    @Test
    void retriesAFailingConsumerUntilItSucceeds() {
        EventBus bus = bus();
        AtomicInteger calls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        bus.subscribe("ca.#", "flaky", e -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("transient");
            }
            handled.add(e.id());
        });
        CloudEvent e = event("ca.create", "ca/1", Map.of());
        bus.deliverAll(List.of(e));
        await("the third attempt", () -> handled.size() == 1);
        assertThat(handled).containsExactly(e.id());
        assertThat(calls.get()).isEqualTo(3);
        assertThat(deadLetters("flaky")).isZero();
    }

    @Test
    void aConsumerThatKeepsFailingGivesUpAndHoldsNothingElse() {
        EventBus bus = bus();
        List<String> poisoned = new CopyOnWriteArrayList<>();
        List<String> healthy = new CopyOnWriteArrayList<>();
        bus.subscribe("ca.#", "picky", e -> {
            if (e.subject().equals("ca/poison")) {
                poisoned.add(e.id());
                throw new IllegalStateException("cannot handle");
            }
            healthy.add(e.subject());
        });
        List<String> others = new CopyOnWriteArrayList<>();
        bus.subscribe("#", "others", e -> others.add(e.subject()));
        bus.deliverAll(List.of(event("ca.create", "ca/poison", Map.of()), event("ca.create", "ca/fine", Map.of())));
        await("the later event", () -> healthy.contains("ca/fine"));
        await("the other consumer", () -> others.size() == 2);
        await("the dead letter", () -> deadLetters("picky") == 1);
        assertThat(poisoned).hasSize(3);
        assertThat(others).containsExactly("ca/poison", "ca/fine");
    }

    @Test
    void theInboxHandlesEachEventOncePerConsumer() throws Exception {
        Path dir = Files.createTempDirectory("lamassu-inbox");
        Database db = Database.sqlite(dir.resolve("lamassu.db"));
        closeables.add(db);
        Jdbc jdbc = new Jdbc(new Tx(db));
        EventBus bus = new InboxEventBus(bus(), jdbc, Clock.systemUTC());
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        bus.subscribe("#", "a", e -> a.add(e.id()));
        bus.subscribe("#", "b", e -> b.add(e.id()));
        CloudEvent one = event("dms.create", "dms/1", Map.of());
        CloudEvent two = event("dms.create", "dms/2", Map.of());
        bus.deliverAll(List.of(one, one, two));
        bus.deliverAll(List.of(two, one));
        await("both events at both consumers, and the redeliveries consumed", () -> a.size() == 2 && b.size() == 2
                && jdbc.count("SELECT COUNT(*) FROM event_inbox") == 4 && settled(bus));
        assertThat(a).containsExactly(one.id(), two.id());
        assertThat(b).containsExactly(one.id(), two.id());
    }

    /** Whether every message sent so far was consumed (RabbitMQ: queues empty and nothing unacked). */
    abstract boolean settled(EventBus bus);
}
