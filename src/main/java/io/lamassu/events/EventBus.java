package io.lamassu.events;

import java.util.List;
import java.util.function.Consumer;

/**
 * Delivery of committed events to subscribers. Binding keys follow AMQP topic rules
 * ({@code certificate.#}, {@code *.status.update}, {@code #}), as upstream's RabbitMQ wiring.
 * {@code subscriberId} names the consuming service: on RabbitMQ it is its durable queue, shared by
 * every instance of the service, so each event reaches one instance of each service.
 */
public interface EventBus extends AutoCloseable {
    void deliver(CloudEvent event);

    /**
     * Delivers {@code events} in order; returns only once the bus has taken all of them (RabbitMQ:
     * publisher confirms), and throws {@link BusUnavailableException} otherwise, in which case any
     * of them may or may not have been delivered (the relay sends them again; consumers de-duplicate).
     */
    default void deliverAll(List<CloudEvent> events) {
        events.forEach(this::deliver);
    }

    void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler);

    /** {@code UP}, or {@code DEGRADED} while the broker is unreachable (events wait in the outbox). */
    default String status() {
        return "UP";
    }

    /** The broker's name for health and logs ({@code inprocess}, {@code rabbitmq}). */
    default String name() {
        return "inprocess";
    }

    @Override
    default void close() {
    }

    /** The broker did not take (or confirm) the events. */
    final class BusUnavailableException extends RuntimeException {
        public BusUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
