package io.lamassu.events;

import java.util.function.Consumer;

/**
 * Delivery of committed events to subscribers. Binding keys follow AMQP topic rules
 * ({@code certificate.#}, {@code *.status.update}, {@code #}), as upstream's RabbitMQ wiring.
 */
public interface EventBus extends AutoCloseable {
    void deliver(CloudEvent event);

    void subscribe(String bindingKey, String subscriberId, Consumer<CloudEvent> handler);

    @Override
    default void close() {
    }
}
