package io.lamassu.alerts;

import java.util.List;
import java.util.Optional;

/** Subscriptions. Every change bumps {@link #version()}, so each instance knows when to rebuild its index. */
public interface SubscriptionRepository {
    long version();

    List<Subscription> all();

    List<Subscription> byUser(String userId);

    Optional<Subscription> find(String userId, String id);

    /**
     * Inserts {@code s} unless its user already has {@code maxPerUser} subscriptions; the count and
     * the insert are serialised with every other subscription change, so the limit holds under races.
     */
    boolean insertIfBelow(Subscription s, int maxPerUser);

    boolean delete(String userId, String id);
}
