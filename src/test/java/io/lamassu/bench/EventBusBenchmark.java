package io.lamassu.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.lamassu.Application;
import io.lamassu.ca.CaApi;
import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import io.lamassu.config.LamassuConfig;
import io.lamassu.events.CloudEventCodec;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.testkit.TcpProxy;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event-bus benchmarks (BENCHMARKS.md "Event bus"), each against the real RabbitMQ at
 * {@code -Dbench.amqp} with names unique to the run:
 * <ul>
 * <li>{@code endtoend}: W writer threads commit one event per transaction (outbox row in the
 *     database), the relay publishes with confirms, an external consumer (own queue, bound {@code #})
 *     receives; events/s and commit-to-consume latency p50/p99.</li>
 * <li>{@code outage}: the broker is cut (a TCP proxy in this JVM) for {@code bench.outage.seconds}
 *     (default 60) while writers keep committing; after restoring, the time until the consumer has
 *     everything gives the backlog drain rate.</li>
 * <li>{@code scaleout}: REST signing with C clients against one instance, then two instances on the
 *     same PostgreSQL ({@code -Dbench.db}), clients split between them.</li>
 * </ul>
 */
public final class EventBusBenchmark {
    private EventBusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "endtoend";
        switch (mode) {
            case "endtoend" -> endToEnd(false);
            case "outage" -> endToEnd(true);
            case "scaleout" -> scaleOut(args.length > 1 ? Integer.parseInt(args[1]) : 16);
            default -> throw new IllegalArgumentException("mode: endtoend | outage | scaleout");
        }
    }

    private static void endToEnd(boolean outage) throws Exception {
        String amqp = System.getProperty("bench.amqp", "amqp://guest:guest@127.0.0.1:5672");
        URI broker = URI.create(amqp);
        int writers = Integer.getInteger("bench.writers", 4);
        long seconds = Long.getLong("bench.seconds", 10);
        long outageSeconds = Long.getLong("bench.outage.seconds", 60);
        String n = Long.toHexString(System.nanoTime());
        System.setProperty("bench.names", n);
        try (TcpProxy proxy = TcpProxy.to(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort())) {
            String viaProxy = amqp.replaceFirst("@[^/:]+(:\\d+)?", "@127.0.0.1:" + proxy.port());
            System.setProperty("bench.amqp", viaProxy);
            LamassuConfig cfg = BenchServer.config(Files.createTempDirectory("lamassu-bench-bus"));
            cfg = cfg.withJobs(new LamassuConfig.Jobs(3_600_000, 3_600_000, 200));
            Map<String, Long> committedAt = new ConcurrentHashMap<>();
            long[] latencies = new long[50_000_000 / 8];
            AtomicLong received = new AtomicLong();
            AtomicLong lastReceive = new AtomicLong();
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(amqp);
            try (Connection c = f.newConnection("bench-consumer"); BenchServer server = new BenchServer(cfg, false)) {
                Channel ch = c.createChannel();
                String queue = "bench-" + n + ".external";
                ch.exchangeDeclare("bench-events-" + n, "topic", true);
                ch.queueDeclare(queue, false, true, true, null);
                ch.queueBind(queue, "bench-events-" + n, "#");
                ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                        long now = System.nanoTime();
                        Long t = committedAt.remove(key(CloudEventCodec.decode(body).data()));
                        long i = received.getAndIncrement();
                        if (t != null && i < latencies.length) {
                            latencies[(int) i] = now - t;
                        }
                        lastReceive.set(now);
                    }
                });
                Application app = server.app;
                OutboxEventPublisher publisher = new OutboxEventPublisher(app.jdbc(), Clock.systemUTC(),
                        "source://lamassu.io/ctx/source/service/bench", app.outboxRelay());
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong committed = new AtomicLong();
                Thread[] threads = new Thread[writers];
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    threads[w] = new Thread(() -> {
                        RequestContext.set(Actor.SYSTEM, "bench");
                        long k = 0;
                        while (!stop.get()) {
                            String key = id + "-" + k;
                            app.jdbc().tx().run(() -> publisher.publish("device.status.update",
                                    "device/bench-" + id + "-" + (key.hashCode() % 100), Map.of("k", key,
                                            "status", "ACTIVE")));
                            committedAt.put(key, System.nanoTime());
                            committed.incrementAndGet();
                            k++;
                        }
                    });
                }
                long start = System.nanoTime();
                Arrays.stream(threads).forEach(Thread::start);
                if (outage) {
                    Thread.sleep(2000);
                    proxy.cut();
                    long cutAt = System.nanoTime();
                    long before = received.get();
                    Thread.sleep(outageSeconds * 1000);
                    stop.set(true);
                    for (Thread t : threads) {
                        t.join();
                    }
                    long backlog = app.outboxRelay().backlog();
                    System.out.printf("outage %d s: %d events committed meanwhile, backlog %d, received during outage %d%n",
                            outageSeconds, committed.get() - before, backlog, received.get() - before);
                    long restoreAt = System.nanoTime();
                    proxy.restore();
                    long target = committed.get();
                    while (received.get() < target) {
                        Thread.sleep(5);
                    }
                    double drain = (lastReceive.get() - restoreAt) / 1e9;
                    System.out.printf("drained %d events in %.2f s after restore: %.0f events/s (bus cut %.0f s)%n",
                            backlog, drain, backlog / drain, (restoreAt - cutAt) / 1e9);
                } else {
                    Thread.sleep(seconds * 1000);
                    stop.set(true);
                    for (Thread t : threads) {
                        t.join();
                    }
                    long target = committed.get();
                    long deadline = System.nanoTime() + 120_000_000_000L;
                    while (received.get() < target && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    double elapsed = (lastReceive.get() - start) / 1e9;
                    int count = (int) Math.min(received.get(), latencies.length);
                    long[] lat = Arrays.copyOf(latencies, count);
                    Arrays.sort(lat);
                    long zeros = Arrays.stream(lat).filter(x -> x == 0).count();
                    long[] valid = Arrays.copyOfRange(lat, (int) zeros, lat.length);
                    System.out.printf("writers %d  committed %d  received %d  %.0f events/s end to end"
                                    + "  commit->consume p50 %.2f ms  p99 %.2f ms  (%s, broker %s)%n", writers, target,
                            received.get(), received.get() / elapsed, valid[valid.length / 2] / 1e6,
                            valid[Math.min(valid.length - 1, (int) (valid.length * 0.99))] / 1e6,
                            cfg.storage().isPostgres() ? "PostgreSQL" : "SQLite", app.eventBus().name());
                }
            } finally {
                deleteBrokerObjects(f, n);
            }
        }
    }

    /** The run's durable queues and exchanges (the server's consumers declared them). */
    static void deleteBrokerObjects(ConnectionFactory f, String n) {
        try (Connection c = f.newConnection("bench-cleanup"); Channel ch = c.createChannel()) {
            for (String q : List.of("alerts", "metrics-device-transitions", "metrics-certificate-transitions")) {
                ch.queueDelete("bench-" + n + "." + q);
            }
            ch.queueDelete("bench-dlq-" + n);
            ch.exchangeDelete("bench-events-" + n);
            ch.exchangeDelete("bench-dlq-" + n);
        } catch (Exception e) {
            System.err.println("cleanup: " + e);
        }
    }

    /** The writer's key in the event data ({@code {"k": "..."}}): commit time is recorded under it. */
    private static String key(String data) {
        try {
            return io.lamassu.common.json.Json.MAPPER.readTree(data).path("k").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "";
        }
    }

    private static void scaleOut(int clients) throws Exception {
        long seconds = Long.getLong("bench.seconds", 10);
        List<String> csrs = BenchServer.csrs(2000);
        LamassuConfig cfg = BenchServer.config(Files.createTempDirectory("lamassu-bench-scale"));
        try (BenchServer one = new BenchServer(cfg, true)) {
            RestSigningLoad.SSL = one.ssl();
            String ca = one.createCa("bench-p256", "ECDSA", 256);
            String path = CaApi.BASE + "/cas/" + ca + "/sign";
            RestSigningLoad.run(clients, 3, csrs, one.base() + path, one.operatorToken);
            RestSigningLoad.Result r1 = RestSigningLoad.run(clients, seconds, csrs, one.base() + path, one.operatorToken);
            System.out.printf("1 instance : clients %d  %8.0f certs/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", clients,
                    r1.throughput(), r1.p50(), r1.p99(), r1.errors());
            try (BenchServer two = new BenchServer(cfg, false)) {
                List<String> urls = List.of(one.base() + path, two.base() + path);
                RestSigningLoad.run(clients, 3, csrs, urls, one.operatorToken);
                RestSigningLoad.Result r2 = RestSigningLoad.run(clients, seconds, csrs, urls, one.operatorToken);
                System.out.printf("2 instances: clients %d  %8.0f certs/s  p50 %6.2f ms  p99 %6.2f ms  errors %d"
                                + "  (x%.2f)%n", clients, r2.throughput(), r2.p50(), r2.p99(), r2.errors(),
                        r2.throughput() / r1.throughput());
            }
        }
    }
}
