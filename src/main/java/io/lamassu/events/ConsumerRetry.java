package io.lamassu.events;

import io.lamassu.common.RequestContext;
import java.time.Duration;
import org.slf4j.MDC;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's retries, as upstream's (3 retries, 2 s initial wait, ×3, at most 10 s): the handler
 * runs again after each failure; when the retries are spent the caller dead-letters the event.
 * Waiting blocks the consumer on purpose: later events of the same queue wait, so per-subject order
 * holds for a consumer that recovers.
 */
public record ConsumerRetry(int retries, Duration initialBackoff, Duration maxBackoff) {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRetry.class);
    private static final int MULTIPLIER = 3;

    public static ConsumerRetry upstreamDefaults() {
        return new ConsumerRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /**
     * Runs {@code handler} until it succeeds or the retries are spent; returns the last failure, or
     * null on success. Interruption (shutdown) stops retrying and is reported as the failure.
     */
    public RuntimeException run(String subscriberId, CloudEvent event, Consumer<CloudEvent> handler) {
        return run(subscriberId, event, handler, () -> false);
    }

    /** As above; stops retrying once {@code stopping} says so (the bus is closing). */
    public RuntimeException run(String subscriberId, CloudEvent event, Consumer<CloudEvent> handler,
                                java.util.function.BooleanSupplier stopping) {
        // Consumer log lines name the event and the actor that caused it (issue 13: relay and consumer lines).
        java.util.Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.put("event_id", event.id());
        MDC.put("event_type", event.type());
        MDC.put(RequestContext.MDC_ACTOR, event.authtype() + ":" + event.authid());
        try {
            return attempt(subscriberId, event, handler, stopping);
        } finally {
            // Restored, not cleared: a consumer may run on a thread that has a context of its own.
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    private RuntimeException attempt(String subscriberId, CloudEvent event, Consumer<CloudEvent> handler,
                                     java.util.function.BooleanSupplier stopping) {
        Duration wait = initialBackoff;
        for (int attempt = 0; ; attempt++) {
            try {
                handler.accept(event);
                return null;
            } catch (RuntimeException e) {
                if (stopping.getAsBoolean()) {
                    return e;
                }
                if (attempt >= retries) {
                    LOG.error("consumer {} gave up on {} {} after {} attempts", subscriberId, event.type(),
                            event.id(), attempt + 1, e);
                    return e;
                }
                LOG.warn("consumer {} failed on {} {} (attempt {}), retrying in {} ms: {}", subscriberId, event.type(),
                        event.id(), attempt + 1, wait.toMillis(), e.toString());
                if (!pause(wait)) {
                    return e;
                }
                wait = min(wait.multipliedBy(MULTIPLIER), maxBackoff);
            }
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
