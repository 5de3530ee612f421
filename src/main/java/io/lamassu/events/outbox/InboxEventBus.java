package io.lamassu.events.outbox;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import io.lamassu.storage.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes every subscriber idempotent by event id: the bus delivers at least once (a relay that
 * crashed before deleting its batch, a broker redelivery after a lost ack), so each handler runs
 * in a transaction that first records {@code (subscriber, event id)} in {@code event_inbox}. A
 * duplicate inserts nothing and the handler is skipped; a failing handler rolls its inbox row back
 * with its own writes, so the retry runs it again.
 */
public final class InboxEventBus implements EventBus {
    private final EventBus delegate;
    private final Jdbc jdbc;
    private final Clock clock;

    public InboxEventBus(EventBus delegate, Jdbc jdbc, Clock clock) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler) {
        delegate.subscribe(bindingKey, subscriberId, event -> jdbc.tx().run(() -> {
            if (firstTime(subscriberId, event.id())) {
                handler.accept(event);
            }
        }));
    }

    private boolean firstTime(String subscriberId, String eventId) {
        return jdbc.update("INSERT INTO event_inbox (consumer, event_id, received_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (consumer, event_id) DO NOTHING", subscriberId, eventId, clock.millis()) == 1;
    }

    /**
     * Forgets ids received before {@code before}: a redelivery older than that would run again.
     * Redeliveries come within seconds to hours; the default keeps a week.
     */
    public int prune(Instant before) {
        return jdbc.update("DELETE FROM event_inbox WHERE received_at < ?", before.toEpochMilli());
    }

    @Override
    public void deliver(CloudEvent event) {
        delegate.deliver(event);
    }

    @Override
    public void deliverAll(List<CloudEvent> events) {
        delegate.deliverAll(events);
    }

    @Override
    public String status() {
        return delegate.status();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    public EventBus delegate() {
        return delegate;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
