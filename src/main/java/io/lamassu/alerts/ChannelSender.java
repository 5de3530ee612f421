package io.lamassu.alerts;

/** Sends one delivery over one kind of channel. Implementations bound every wait with a timeout. */
public interface ChannelSender {
    ChannelType type();

    /** Refuses, at subscribe time, a channel this deployment cannot serve (for example e-mail without SMTP). */
    default void check(Channel channel) {
    }

    /** One attempt; failures are results, not exceptions. Interrupted when the process shuts down. */
    AttemptResult send(DeliveryJob job) throws InterruptedException;
}
