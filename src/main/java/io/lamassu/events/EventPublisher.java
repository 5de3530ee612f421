package io.lamassu.events;

/**
 * Port used by services to emit a domain event. Implementations write to the transactional outbox
 * of the current transaction, so an event exists if and only if its state change committed.
 */
public interface EventPublisher {
    void publish(String type, String subject, Object payload);

    /** Upstream's UpdateModel payload. */
    record Update<T>(T previous, T updated) {
    }

    /** One event of a batch: its subject and payload. */
    record Item(String subject, Object payload) {
    }

    /** Many events of one type; implementations may write them in one statement (batch jobs). */
    default void publishAll(String type, java.util.List<Item> items) {
        for (Item i : items) {
            publish(type, i.subject(), i.payload());
        }
    }

    /**
     * Lets a set-based statement write events of {@code type} into this publisher's outbox in the
     * current transaction; empty when this publisher cannot (then publish through Java).
     */
    default java.util.Optional<OutboxInsert> outboxInsert(String type) {
        return java.util.Optional.empty();
    }

    default <T> void publishUpdate(String type, String subject, T previous, T updated) {
        publish(type, subject, new Update<>(previous, updated));
    }
}
