package io.lamassu.alerts;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.RequestContext;
import io.lamassu.common.Uuids;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.ListQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Alerts API (upstream-notes §2.6). A user manages their own subscriptions — the user id in
 * the path must be the token's subject — and an admin may manage anyone's. Reading the latest
 * events needs only a token (every role may read).
 */
public final class AlertsService {
    public static final FieldSet DELIVERY_FIELDS = FieldSet.builder("id")
            .add(Field.of("status", FieldType.ENUM, "status", AlertsService::status))
            .add("event_type", FieldType.STRING, "event_type")
            .add("event_id", FieldType.STRING, "event_id")
            .add("created_at", FieldType.DATE, "created_at")
            .defaultSort("created_at")
            .build();
    public static final int MAX_CONDITIONS = 10;
    public static final int MAX_USER_ID = 256;
    private final SubscriptionRepository subscriptions;
    private final AlertEventRepository events;
    private final DeliveryRepository deliveries;
    private final Collaborators c;

    /** The condition engine, channel senders (to check channels), audit trail, clock and per-user limit. */
    public record Collaborators(EventConditions conditions, List<ChannelSender> senders, AuditTrail audit,
                                Clock clock, int maxSubscriptionsPerUser) {
    }

    public AlertsService(SubscriptionRepository subscriptions, AlertEventRepository events,
                         DeliveryRepository deliveries, Collaborators collaborators) {
        this.subscriptions = subscriptions;
        this.events = events;
        this.deliveries = deliveries;
        this.c = collaborators;
    }

    public List<AlertEventRepository.LatestEvent> latestEvents() {
        return events.latest();
    }

    public List<Subscription> subscriptions(String userId) {
        authorize(userId);
        return subscriptions.byUser(userId).stream().map(Subscription::withoutSecret).toList();
    }

    public Subscription subscription(String userId, String subscriptionId) {
        authorize(userId);
        return find(userId, subscriptionId).withoutSecret();
    }

    /** Checks everything before writing anything; returns the new subscription (secret withheld). */
    public Subscription subscribe(String userId, SubscriptionRequest request) {
        authorize(userId);
        if (request == null || request.channel() == null) {
            throw LamassuException.badRequest("MISSING_CHANNEL", "channel is required");
        }
        EventTypePattern.parse(request.eventType(), EventTypes.known(events.seenTypes()));
        List<Condition> conditions = conditions(request.conditions());
        SubscriptionRequest.ChannelInput in = request.channel();
        Channel channel = ChannelRules.check(in.type(), in.name(), in.config());
        c.senders().stream().filter(s -> s.type() == channel.type()).forEach(s -> s.check(channel));
        Subscription s = new Subscription(Uuids.random(), userId, request.eventType(), c.clock().instant(),
                conditions, channel);
        c.audit().run("alerts.subscribe", "alert-subscription", s.id(), () -> {
            if (!subscriptions.insertIfBelow(s, c.maxSubscriptionsPerUser())) {
                throw LamassuException.unprocessable("SUBSCRIPTION_LIMIT_REACHED", "user '" + userId + "' already has "
                        + c.maxSubscriptionsPerUser() + " subscriptions (alerts.max_subscriptions_per_user)");
            }
        });
        return s.withoutSecret();
    }

    /** Removes the subscription; its pending deliveries and delivery log go with it. */
    public void unsubscribe(String userId, String subscriptionId) {
        authorize(userId);
        c.audit().run("alerts.unsubscribe", "alert-subscription", subscriptionId, () -> {
            if (!subscriptions.delete(userId, subscriptionId)) {
                throw notFound(subscriptionId);
            }
        });
    }

    public Page<Delivery> deliveries(String userId, String subscriptionId, ListQuery query) {
        authorize(userId);
        find(userId, subscriptionId);
        return deliveries.list(subscriptionId, query);
    }

    private Subscription find(String userId, String subscriptionId) {
        return subscriptions.find(userId, subscriptionId).orElseThrow(() -> notFound(subscriptionId));
    }

    private static LamassuException notFound(String id) {
        return LamassuException.notFound("SUBSCRIPTION_NOT_FOUND", "subscription '" + ChannelType.clip(id)
                + "' not found for this user");
    }

    private List<Condition> conditions(List<SubscriptionRequest.ConditionInput> input) {
        List<SubscriptionRequest.ConditionInput> in = input == null ? List.of() : input;
        if (in.size() > MAX_CONDITIONS) {
            throw LamassuException.badRequest("TOO_MANY_CONDITIONS", "at most " + MAX_CONDITIONS + " conditions");
        }
        List<Condition> out = new ArrayList<>();
        for (SubscriptionRequest.ConditionInput ci : in) {
            if (ci == null || ci.condition() == null || ci.condition().isBlank()) {
                throw LamassuException.badRequest("INVALID_CONDITION", "a condition needs a type and a condition text");
            }
            if (ci.condition().length() > EventConditions.MAX_CONDITION_CHARS) {
                throw LamassuException.badRequest("CONDITION_TOO_LARGE", "a condition is limited to "
                        + EventConditions.MAX_CONDITION_CHARS + " characters");
            }
            Condition condition = new Condition(ConditionType.parse(ci.type()), ci.condition());
            c.conditions().compile(condition);
            out.add(condition);
        }
        return out;
    }

    /** Only the user themselves (the token's subject) or an admin. */
    private static void authorize(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw LamassuException.badRequest("INVALID_USER_ID", "user id must be 1-" + MAX_USER_ID + " characters");
        }
        Actor actor = RequestContext.current().actor();
        if (!actor.id().equals(userId) && !actor.roles().contains("ADMIN")) {
            throw LamassuException.forbidden("NOT_YOUR_SUBSCRIPTIONS", "only user '" + ChannelType.clip(userId)
                    + "' (the token's subject) or an admin may manage these subscriptions");
        }
    }

    private static String status(String value) {
        try {
            return DeliveryStatus.valueOf(value.trim().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "status must be one of "
                    + java.util.Arrays.toString(DeliveryStatus.values()));
        }
    }
}
