package io.lamassu.events.inmemory;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.ConsumerRetry;
import io.lamassu.events.EventBus;
import io.lamassu.events.TopicMatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The embedded bus: synchronous fan-out on the relay thread. A failing handler is retried as on
 * RabbitMQ; when its retries are spent the event is logged and counted as dead-lettered (there is
 * no broker to park it in) and the other handlers still get it.
 */
public final class InMemoryEventBus implements EventBus {
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ConsumerRetry retry;
    private final AtomicLong deadLettered = new AtomicLong();

    private record Subscription(String binding, String id, Consumer<CloudEvent> handler) {
    }

    /** No retries: a failing handler gives up at once (unit tests of handlers). */
    public InMemoryEventBus() {
        this(new ConsumerRetry(0, java.time.Duration.ZERO, java.time.Duration.ZERO));
    }

    public InMemoryEventBus(ConsumerRetry retry) {
        this.retry = retry;
    }

    @Override
    public void deliver(CloudEvent event) {
        for (Subscription s : subscriptions) {
            if (TopicMatcher.matches(s.binding(), event.type()) && retry.run(s.id(), event, s.handler()) != null) {
                deadLettered.incrementAndGet();
            }
        }
    }

    @Override
    public void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler) {
        subscriptions.add(new Subscription(bindingKey, subscriberId, handler));
    }

    /** Events some handler gave up on since start. */
    public long deadLettered() {
        return deadLettered.get();
    }
}
