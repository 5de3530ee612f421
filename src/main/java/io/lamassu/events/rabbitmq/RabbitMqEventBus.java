package io.lamassu.events.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.lamassu.events.CloudEvent;
import io.lamassu.events.CloudEventCodec;
import io.lamassu.events.ConsumerRetry;
import io.lamassu.events.EventBus;
import io.lamassu.events.TopicMatcher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production bus on RabbitMQ (official amqp-client). Events are published to a durable topic
 * exchange with the CloudEvent type as routing key, as persistent messages, on a channel in
 * publisher-confirm mode: {@link #deliverAll} returns only when the broker confirmed every message.
 * Each consuming service has one durable queue ({@code <prefix>.<service>}) bound with its
 * wildcard keys and dead-lettering to the DLQ exchange; a message is acknowledged after its
 * handler succeeded, retried with backoff when it fails, then rejected into the DLQ.
 *
 * <p>Given a batch scope (the composition root passes a database transaction), each service's
 * deliveries are handled in batches of what has arrived ({@link ConsumerWorker}): one scope for the
 * whole batch, then one acknowledgement. When anything in a batch fails the scope is undone and
 * each message is handled on its own, with its retries, exactly as without batching.
 *
 * <p>The connection is ours to manage (no automatic recovery): when it is lost, the bus reports
 * {@code DEGRADED}, the relay keeps events in the outbox, and a background task reconnects and
 * re-declares the topology and consumers every {@link Settings#reconnectMillis()}. The server
 * starts even when the broker is down.
 */
public final class RabbitMqEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqEventBus.class);
    private final Settings settings;
    private final ConnectionFactory factory;
    private final Map<String, List<Handler>> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnector;
    private final java.util.concurrent.ExecutorService consumerThreads;
    private final Consumer<Runnable> batchScope;
    private final Map<String, ConsumerWorker> workers = new ConcurrentHashMap<>();
    private final Object connectLock = new Object();
    private volatile Connection connection;
    private volatile boolean closed;
    private volatile boolean outageLogged;
    private Channel publisher;

    /**
     * Names and behaviour. {@code queuePrefix} + "." + subscriber id is each service's queue; the
     * dead-letter exchange's own queue has the exchange's name and keeps everything dead-lettered.
     */
    public record Settings(String url, String exchange, String deadLetterExchange, String queuePrefix,
                           ConsumerRetry retry, long confirmTimeoutMillis, int prefetch, long reconnectMillis) {
    }

    private record Handler(String binding, Consumer<CloudEvent> consumer) {
    }

    private record Decoded(Channel channel, long tag, String routingKey, CloudEvent event) {
    }

    private RabbitMqEventBus(Settings settings, Consumer<Runnable> batchScope) {
        this.settings = settings;
        this.batchScope = batchScope;
        this.factory = factory(settings.url());
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "amqp-reconnect");
            t.setDaemon(true);
            return t;
        });
        // Our own pool for consumer callbacks: daemon threads, and shut down (interrupting handlers
        // waiting to retry) when the bus closes, so no handler runs against a closed database.
        this.consumerThreads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "amqp-consumer");
                    t.setDaemon(true);
                    return t;
                });
        this.factory.setSharedExecutor(consumerThreads);
    }

    /** Connects now if it can (else reports DEGRADED and keeps trying in the background). */
    public static RabbitMqEventBus start(Settings settings) {
        return start(settings, null);
    }

    /**
     * As {@link #start(Settings)}, handling each service's deliveries in batches inside
     * {@code batchScope} (which must undo the batch's effects when the work throws: a transaction).
     */
    public static RabbitMqEventBus start(Settings settings, Consumer<Runnable> batchScope) {
        RabbitMqEventBus bus = new RabbitMqEventBus(settings, batchScope);
        bus.tryConnect();
        bus.reconnector.scheduleWithFixedDelay(bus::tryConnect, settings.reconnectMillis(), settings.reconnectMillis(),
                TimeUnit.MILLISECONDS);
        return bus;
    }

    private static ConnectionFactory factory(String url) {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(url);
            if (url.regionMatches(true, 0, "amqps:", 0, 6)) {
                // setUri alone would trust any certificate: verify against the JVM trust store and the host name.
                f.useSslProtocol(SSLContext.getDefault());
                f.enableHostnameVerification();
            }
        } catch (java.net.URISyntaxException | GeneralSecurityException e) {
            throw new IllegalArgumentException("events.amqp_url is not a usable AMQP URL: " + e.getMessage());
        }
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setConnectionTimeout(5000);
        f.setHandshakeTimeout(5000);
        f.setRequestedHeartbeat(10);
        return f;
    }

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public String status() {
        Connection c = connection;
        return c != null && c.isOpen() ? "UP" : "DEGRADED";
    }

    @Override
    public void deliver(CloudEvent event) {
        deliverAll(List.of(event));
    }

    /** Publishes in order on one confirm-mode channel and waits for every confirm. */
    @Override
    public synchronized void deliverAll(List<CloudEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            Channel ch = publisher();
            for (CloudEvent e : events) {
                ch.basicPublish(settings.exchange(), e.type(), false, properties(e), CloudEventCodec.encode(e));
            }
            ch.waitForConfirmsOrDie(settings.confirmTimeoutMillis());
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            dropPublisher();
            throw new BusUnavailableException("RabbitMQ did not confirm " + events.size() + " events: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropPublisher();
            throw new BusUnavailableException("interrupted while waiting for RabbitMQ confirms", e);
        }
    }

    private static AMQP.BasicProperties properties(CloudEvent e) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CloudEventCodec.CONTENT_TYPE)
                .deliveryMode(2)
                .messageId(e.id())
                .type(e.type())
                .timestamp(e.time() == null ? null : Date.from(e.time()))
                .appId("lamassu")
                .build();
    }

    private Channel publisher() throws IOException {
        if (publisher != null && publisher.isOpen()) {
            return publisher;
        }
        Connection c = connectNow();
        Channel ch = c.createChannel();
        ch.confirmSelect();
        publisher = ch;
        return ch;
    }

    private void dropPublisher() {
        Channel ch = publisher;
        publisher = null;
        if (ch != null) {
            try {
                ch.abort();
            } catch (IOException | RuntimeException ignored) {
                // Already gone.
            }
        }
    }

    @Override
    public void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler) {
        synchronized (connectLock) {
            List<Handler> list = handlers.computeIfAbsent(subscriberId, k -> new CopyOnWriteArrayList<>());
            boolean first = list.isEmpty();
            list.add(new Handler(bindingKey, handler));
            Connection c = connection;
            if (c == null || !c.isOpen()) {
                return;
            }
            try {
                if (first) {
                    startConsumer(c, subscriberId);
                } else {
                    try (Channel ch = c.createChannel()) {
                        ch.queueBind(queueName(subscriberId), settings.exchange(), bindingKey);
                    }
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.warn("cannot bind consumer {} now ({}); it is bound when the broker is reachable again",
                        subscriberId, e.toString());
                c.abort();
            }
        }
    }

    /** The durable queue of a consuming service. */
    public String queueName(String subscriberId) {
        return settings.queuePrefix() + "." + subscriberId;
    }

    private void tryConnect() {
        try {
            connectNow();
        } catch (IOException | RuntimeException e) {
            if (!outageLogged) {
                outageLogged = true;
                LOG.warn("RabbitMQ unreachable ({}); events wait in the outbox, retrying every {} ms", e.toString(),
                        settings.reconnectMillis());
            }
        }
    }

    private Connection connectNow() throws IOException {
        synchronized (connectLock) {
            Connection c = connection;
            if (c != null && c.isOpen()) {
                return c;
            }
            if (closed) {
                throw new IOException("event bus closed");
            }
            try {
                c = factory.newConnection("lamassu");
            } catch (TimeoutException e) {
                throw new IOException("connection timed out", e);
            }
            try {
                declareTopology(c);
                for (String id : handlers.keySet()) {
                    startConsumer(c, id);
                }
            } catch (IOException | RuntimeException e) {
                c.abort();
                throw e instanceof IOException io ? io : new IOException(e);
            }
            c.addShutdownListener(cause -> {
                if (!closed && !cause.isInitiatedByApplication()) {
                    LOG.warn("RabbitMQ connection lost: {}", cause.getMessage());
                }
            });
            connection = c;
            if (outageLogged) {
                LOG.info("RabbitMQ reachable again");
            }
            outageLogged = false;
            return c;
        }
    }

    private void declareTopology(Connection c) throws IOException {
        try (Channel ch = c.createChannel()) {
            ch.exchangeDeclare(settings.exchange(), "topic", true);
            ch.exchangeDeclare(settings.deadLetterExchange(), "topic", true);
            ch.queueDeclare(settings.deadLetterExchange(), true, false, false, null);
            ch.queueBind(settings.deadLetterExchange(), settings.deadLetterExchange(), "#");
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private void startConsumer(Connection c, String subscriberId) throws IOException {
        List<Handler> list = handlers.get(subscriberId);
        Channel ch = c.createChannel();
        ch.basicQos(settings.prefetch());
        String queue = queueName(subscriberId);
        ch.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", settings.deadLetterExchange()));
        for (Handler h : new ArrayList<>(list)) {
            ch.queueBind(queue, settings.exchange(), h.binding());
        }
        ConsumerWorker worker = workers.computeIfAbsent(subscriberId,
                id -> new ConsumerWorker(consumerThreads, settings.prefetch(), batch -> onBatch(id, batch)));
        ch.basicConsume(queue, false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                worker.offer(new ConsumerWorker.Delivery(ch, envelope, body));
            }
        });
    }

    /** The event, or null when undecodable (then rejected into the DLQ at once). */
    private static Decoded decode(Channel ch, String subscriberId, Envelope envelope, byte[] body) {
        try {
            return new Decoded(ch, envelope.getDeliveryTag(), envelope.getRoutingKey(), CloudEventCodec.decode(body));
        } catch (IllegalArgumentException e) {
            LOG.error("consumer {}: undecodable message on {} dead-lettered: {}", subscriberId,
                    envelope.getRoutingKey(), e.getMessage());
            settle(ch, envelope.getDeliveryTag(), false);
            return null;
        }
    }

    /** Ack after success; reject (into the DLQ) when the retries are spent. */
    private void onEvent(String subscriberId, Decoded d) {
        RuntimeException failure = null;
        for (Handler h : matching(subscriberId, d)) {
            RuntimeException f = settings.retry().run(subscriberId, d.event(), h.consumer(), () -> closed);
            failure = f == null ? failure : f;
        }
        if (closed || Thread.currentThread().isInterrupted()) {
            return; // Shutting down: unacknowledged, the broker hands it out again (never dead-lettered).
        }
        settle(d.channel(), d.tag(), failure == null);
    }

    private List<Handler> matching(String subscriberId, Decoded d) {
        List<Handler> out = new ArrayList<>();
        for (Handler h : handlers.getOrDefault(subscriberId, List.of())) {
            if (TopicMatcher.matches(h.binding(), d.routingKey())) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * Everything that arrived, in one batch scope, then acknowledged; without a scope, or if any
     * handler fails (the scope is undone), each event goes through {@link #onEvent} (retries,
     * dead-lettering) on its own.
     */
    private void onBatch(String subscriberId, List<ConsumerWorker.Delivery> batch) {
        List<Decoded> events = new ArrayList<>();
        for (ConsumerWorker.Delivery m : batch) {
            Decoded d = decode(m.channel(), subscriberId, m.envelope(), m.body());
            if (d != null) {
                events.add(d);
            }
        }
        if (batchScope != null && events.size() > 1 && !closed && handledTogether(subscriberId, events)) {
            acknowledge(events);
            return;
        }
        for (Decoded d : events) {
            if (closed) {
                return; // Unacknowledged: the broker hands them out again.
            }
            onEvent(subscriberId, d);
        }
    }

    private boolean handledTogether(String subscriberId, List<Decoded> events) {
        try {
            batchScope.accept(() -> {
                for (Decoded d : events) {
                    for (Handler h : matching(subscriberId, d)) {
                        h.consumer().accept(d.event());
                    }
                }
            });
            return true;
        } catch (RuntimeException e) {
            LOG.debug("consumer {}: batch of {} failed ({}); handling each event on its own", subscriberId,
                    events.size(), e.toString());
            return false;
        }
    }

    /** One acknowledgement per channel run: {@code multiple} covers the earlier tags of the batch. */
    private static void acknowledge(List<Decoded> events) {
        for (int i = 0; i < events.size(); i++) {
            Decoded d = events.get(i);
            boolean lastOfChannel = i + 1 == events.size() || events.get(i + 1).channel() != d.channel();
            if (lastOfChannel) {
                try {
                    d.channel().basicAck(d.tag(), true);
                } catch (IOException | AlreadyClosedException e) {
                    LOG.debug("could not acknowledge up to {}: {}", d.tag(), e.toString());
                }
            }
        }
    }

    private static void settle(Channel ch, long tag, boolean ok) {
        try {
            if (ok) {
                ch.basicAck(tag, false);
            } else {
                ch.basicReject(tag, false);
            }
        } catch (IOException | AlreadyClosedException e) {
            // The channel went away: the broker redelivers, and consumers de-duplicate by event id.
            LOG.debug("could not settle delivery {}: {}", tag, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        reconnector.shutdownNow();
        synchronized (connectLock) {
            Connection c = connection;
            if (c != null) {
                try {
                    c.close(2000);
                } catch (IOException | RuntimeException e) {
                    c.abort();
                }
            }
        }
        // After the connection (which stops deliveries): interrupts handlers waiting to retry.
        consumerThreads.shutdownNow();
        try {
            // Handlers still in a transaction finish (or fail) before the database closes after us.
            consumerThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
