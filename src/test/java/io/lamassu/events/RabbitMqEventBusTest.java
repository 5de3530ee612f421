package io.lamassu.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.lamassu.events.rabbitmq.RabbitMqEventBus;
import io.lamassu.testkit.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on the real RabbitMQ, plus what only a broker shows: durable names, persistence, the DLQ. */
class RabbitMqEventBusTest extends EventBusContract {
    private static final List<String> CONSUMERS = List.of("va", "devices", "alerts", "flaky", "picky", "others", "a",
            "b", "probe");
    private TestBrokers.Names names;

    @Override
    EventBus open() {
        names = TestBrokers.fresh();
        return RabbitMqEventBus.start(settings(names));
    }

    static RabbitMqEventBus.Settings settings(TestBrokers.Names names) {
        return new RabbitMqEventBus.Settings(names.url(), names.exchange(), names.deadLetterExchange(),
                names.queuePrefix(), new ConsumerRetry(2, Duration.ofMillis(5), Duration.ofMillis(20)), 10_000, 50,
                200);
    }

    @AfterEach
    void deleteBrokerObjects() {
        if (names != null) {
            names.delete(CONSUMERS.stream().map(c -> names.queuePrefix() + "." + c).toArray(String[]::new));
        }
    }

    @Override
    long deadLetters(String subscriberId) {
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(names.deadLetterExchange()).getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    boolean settled(EventBus bus) {
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            for (String q : List.of("a", "b")) {
                AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(names.queuePrefix() + "." + q);
                if (ok.getMessageCount() > 0) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an external consumer binding its own queue receives: structured CloudEvents JSON, persistent. */
    @Test
    void publishesPersistentStructuredCloudEventsWithTheTypeAsRoutingKey() throws Exception {
        EventBus bus = bus();
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            String queue = names.queuePrefix() + ".probe";
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, names.exchange(), "certificate.*.update");
            CloudEvent e = event("certificate.status.update", "certificate/0a1b", Map.of("status", "REVOKED"));
            bus.deliverAll(List.of(e, event("ca.create", "ca/1", Map.of())));
            await("the message", () -> count(ch, queue) == 1);
            GetResponse r = ch.basicGet(queue, true);
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("certificate.status.update");
            assertThat(r.getEnvelope().getExchange()).isEqualTo(names.exchange());
            assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(r.getProps().getContentType()).isEqualTo("application/cloudevents+json");
            assertThat(r.getProps().getMessageId()).isEqualTo(e.id());
            var json = io.lamassu.common.json.Json.MAPPER.readTree(r.getBody());
            assertThat(json.get("specversion").asText()).isEqualTo("1.0");
            assertThat(json.get("id").asText()).isEqualTo(e.id());
            assertThat(json.get("type").asText()).isEqualTo("certificate.status.update");
            assertThat(json.get("subject").asText()).isEqualTo("certificate/0a1b");
            assertThat(json.get("authid").asText()).isEqualTo("alice");
            assertThat(json.get("authtype").asText()).isEqualTo("jwt");
            assertThat(json.get("time").asText()).isEqualTo(e.time().toString());
            assertThat(json.at("/data/status").asText()).isEqualTo("REVOKED");
            assertThat(CloudEventCodec.decode(r.getBody())).isEqualTo(e);
        }
    }

    @Test
    void declaresDurableTopologyAndDeadLettersIntoTheDlq() throws Exception {
        EventBus bus = bus();
        bus.subscribe("ca.#", "picky", e -> {
            throw new IllegalStateException("never");
        });
        CloudEvent e = event("ca.delete", "ca/9", Map.of());
        bus.deliverAll(List.of(e));
        await("the dead letter", () -> deadLetters("picky") == 1);
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclarePassive(names.exchange());
            GetResponse r = ch.basicGet(names.deadLetterExchange(), true);
            assertThat(CloudEventCodec.decode(r.getBody()).id()).isEqualTo(e.id());
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("ca.delete");
            assertThat(r.getProps().getHeaders()).containsKey("x-death");
        }
    }

    @Test
    void anUndecodableMessageGoesStraightToTheDlq() throws Exception {
        EventBus bus = bus();
        List<CloudEvent> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe("#", "a", got::add);
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            ch.basicPublish(names.exchange(), "ca.create", null, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        await("the dead letter", () -> deadLetters("a") == 1);
        assertThat(got).isEmpty();
    }

    @Test
    void theServerStartsWithTheBrokerDownAndReportsDegraded() {
        names = TestBrokers.fresh();
        RabbitMqEventBus.Settings s = settings(names);
        try (RabbitMqEventBus bus = RabbitMqEventBus.start(new RabbitMqEventBus.Settings("amqp://guest:guest@127.0.0.1:1",
                s.exchange(), s.deadLetterExchange(), s.queuePrefix(), s.retry(), 1000, 10, 60_000))) {
            assertThat(bus.status()).isEqualTo("DEGRADED");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bus.deliverAll(List.of(event("ca.create", "ca/1",
                    Map.of())))).isInstanceOf(EventBus.BusUnavailableException.class);
        }
    }

    /**
     * Closing the bus while a handler fails (the database is going away at shutdown) neither
     * dead-letters the event nor waits out the retries: the message goes back to the queue.
     */
    @Test
    void closingDuringRetriesReturnsTheMessageInsteadOfDeadLetteringIt() throws Exception {
        names = TestBrokers.fresh();
        RabbitMqEventBus.Settings s = settings(names);
        RabbitMqEventBus bus = RabbitMqEventBus.start(new RabbitMqEventBus.Settings(s.url(), s.exchange(),
                s.deadLetterExchange(), s.queuePrefix(), new ConsumerRetry(5, Duration.ofSeconds(30),
                Duration.ofSeconds(30)), 10_000, 50, 200));
        java.util.concurrent.CountDownLatch failing = new java.util.concurrent.CountDownLatch(1);
        bus.subscribe("#", "a", e -> {
            failing.countDown();
            throw new IllegalStateException("database closed");
        });
        bus.deliverAll(List.of(event("ca.create", "ca/1", Map.of())));
        assertThat(failing.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        bus.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        try (Connection c = names.connect(); Channel ch = c.createChannel()) {
            await("the message back in its queue", () -> count(ch, names.queuePrefix() + ".a") == 1);
            assertThat(count(ch, names.deadLetterExchange())).isZero();
        }
    }

    private static long count(Channel ch, String queue) {
        try {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
