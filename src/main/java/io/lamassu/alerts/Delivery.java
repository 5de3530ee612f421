package io.lamassu.alerts;

import java.time.Instant;
import java.util.List;

/** One event to deliver to one subscription, with the record of every attempt (the delivery log). */
public record Delivery(String id, String subscriptionId, String eventId, String eventType, ChannelType channel,
                       DeliveryStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                       Instant finishedAt, List<Attempt> attemptLog) {
    public Delivery {
        attemptLog = List.copyOf(attemptLog);
    }

    /**
     * One attempt. {@code outcome}: DELIVERED, FAILED, IN_PROGRESS, or INTERRUPTED (the instance
     * sending it stopped before recording an outcome; the receiver may or may not have it).
     * {@code statusCode} is the HTTP status or SMTP reply code when there was one.
     */
    public record Attempt(int attempt, Instant startedAt, Long durationMs, String outcome, Integer statusCode,
                          String reply) {
    }

    public Delivery withAttempts(List<Attempt> log) {
        return new Delivery(id, subscriptionId, eventId, eventType, channel, status, attempts, createdAt,
                nextAttemptAt, finishedAt, log);
    }
}
