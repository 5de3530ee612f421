package io.lamassu.alerts;

import io.lamassu.events.CloudEvent;
import io.lamassu.events.EventBus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The alerts service's event handler, bound to every event ({@code #}, as upstream's alerts queue)
 * through {@link EventBus#subscribe}, so it works on the in-process bus and on RabbitMQ alike. It
 * matches the event in memory and records it with its deliveries in one transaction; sending is
 * left to the {@link DeliveryDispatcher}, so no receiver can slow the event flow. Idempotent by
 * event id: the bus delivers at least once, and a redelivered event changes nothing.
 */
public final class AlertConsumer implements Consumer<CloudEvent> {
    public static final String BINDING = "#";
    public static final String SUBSCRIBER_ID = "alerts";
    private final SubscriptionRepository subscriptions;
    private final AlertEventRepository events;
    private final EventConditions conditions;
    private final Clock clock;
    private final Runnable deliveriesRecorded;
    private volatile SubscriptionIndex index;

    public AlertConsumer(SubscriptionRepository subscriptions, AlertEventRepository events, EventConditions conditions,
                         Clock clock, Runnable deliveriesRecorded) {
        this.subscriptions = subscriptions;
        this.events = events;
        this.conditions = conditions;
        this.clock = clock;
        this.deliveriesRecorded = deliveriesRecorded;
    }

    public void subscribeTo(EventBus bus) {
        bus.subscribe(BINDING, SUBSCRIBER_ID, this);
    }

    @Override
    public void accept(CloudEvent event) {
        EventDocument doc = conditions.document(event);
        List<String> deliveries = new ArrayList<>();
        for (Subscription s : index().match(doc)) {
            deliveries.add(s.id());
        }
        events.record(new AlertEventRepository.ReceivedEvent(doc.id(), doc.type(), doc.json(), clock.instant()),
                deliveries, deliveriesRecorded);
    }

    /**
     * The index for the current subscriptions. The version is read before the rows, so a change
     * committed in between only causes one more rebuild, never a stale index.
     */
    public SubscriptionIndex index() {
        long version = subscriptions.version();
        SubscriptionIndex current = index;
        if (current != null && current.version() == version) {
            return current;
        }
        synchronized (this) {
            if (index == null || index.version() != version) {
                index = SubscriptionIndex.rebuild(version, subscriptions.all(), conditions, index);
            }
            return index;
        }
    }
}
