package io.lamassu.events.inmemory;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import io.lamassu.events.TopicMatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded bus: synchronous fan-out on the relay thread; a failing handler does not stop others. */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private record Subscription(String binding, String id, Consumer<CloudEvent> handler) {
    }

    @Override
    public void deliver(CloudEvent event) {
        for (Subscription s : subscriptions) {
            if (TopicMatcher.matches(s.binding(), event.type())) {
                try {
                    s.handler().accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("event handler {} failed for {} {}: {}", s.id(), event.type(), event.id(), e.toString());
                }
            }
        }
    }

    @Override
    public void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler) {
        subscriptions.add(new Subscription(bindingKey, subscriberId, handler));
    }
}
