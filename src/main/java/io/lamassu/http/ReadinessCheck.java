package io.lamassu.http;

import java.util.Map;

/** What {@code /health/ready} asks: throws when a dependency (the database) does not answer. */
@FunctionalInterface
public interface ReadinessCheck {
    void check() throws Exception;

    /**
     * Dependencies the server keeps serving without (the event broker): name → {@code UP} or
     * {@code DEGRADED}. They appear under {@code checks} and make the status {@code DEGRADED}, never
     * a 503: the API works while, for example, events wait in the outbox for RabbitMQ.
     */
    default Map<String, String> degradable() {
        return Map.of();
    }

    /** Facts shown under {@code details} (which crypto provider signs, ADR 0210); never secrets. */
    default Map<String, Object> details() {
        return Map.of();
    }
}
