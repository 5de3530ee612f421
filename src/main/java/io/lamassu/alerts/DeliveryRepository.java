package io.lamassu.alerts;

import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Deliveries are rows due at a time. A claim moves a due row's next attempt time to the end of a
 * lease and opens an attempt record, in one transaction (SKIP LOCKED on PostgreSQL, so several
 * instances share the work); if the claiming instance stops, the row is due again once the lease
 * ends, and the open attempt is closed as INTERRUPTED.
 */
public interface DeliveryRepository {
    /** What a claim asks for: at most {@code limit} deliveries, one per subscription, none of {@code busy}. */
    record ClaimRequest(Instant now, Instant leaseUntil, int limit, Set<String> busySubscriptions, int maxAttempts) {
    }

    List<DeliveryJob> claimDue(ClaimRequest request);

    /** The outcome of a claimed attempt; {@code nextAttempt} null means the delivery is finished. */
    record Completion(DeliveryJob job, AttemptResult result, long durationMillis, Instant at, DeliveryStatus status,
                      Instant nextAttempt) {
    }

    void complete(Completion completion);

    Page<Delivery> list(String subscriptionId, ListQuery query);
}
