package io.lamassu.alerts;

import java.time.Instant;
import java.util.List;

/** A user's request to be told about events of {@code eventType} that satisfy any of {@code conditions}. */
public record Subscription(String id, String userId, String eventType, Instant subscriptionTs,
                           List<Condition> conditions, Channel channel) {
    public Subscription {
        conditions = List.copyOf(conditions);
    }

    public Subscription withoutSecret() {
        return new Subscription(id, userId, eventType, subscriptionTs, conditions, channel.withoutSecret());
    }
}
