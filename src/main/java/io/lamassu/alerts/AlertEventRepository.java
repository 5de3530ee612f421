package io.lamassu.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The consumer's side: received events (de-duplicated by id), the latest event per type, new deliveries. */
public interface AlertEventRepository {
    /** An event as received; {@code json} is its CloudEvent JSON. */
    record ReceivedEvent(String id, String type, String json, Instant at) {
    }


    record LatestEvent(String eventType, String eventJson, Instant seenAt, long counter) {
    }

    /**
     * In one transaction: records the event id, counts it in the latest-event row of its type and
     * inserts one delivery per matched subscription, whose id is {@code <event id>:<subscription id>}
     * (so unique per event and subscription). Returns false and changes nothing when the id was
     * recorded before (the bus delivers at least once). {@code afterCommit} runs once committed,
     * when deliveries were made.
     */
    boolean record(ReceivedEvent event, List<String> subscriptionIds, Runnable afterCommit);

    List<LatestEvent> latest();

    Set<String> seenTypes();

    /**
     * Removes finished deliveries (and their attempts) finished before {@code finishedBefore}, and
     * received-event rows older than {@code receivedBefore} that no delivery needs. Returns rows removed.
     */
    int prune(Instant finishedBefore, Instant receivedBefore);
}
