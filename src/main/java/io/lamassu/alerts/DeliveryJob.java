package io.lamassu.alerts;

/** A claimed delivery, ready to send: attempt number {@code attempt} (1-based) of the event to the subscription's channel. */
public record DeliveryJob(String deliveryId, String claim, int attempt, String eventId, Subscription subscription,
                          String eventJson) {
    @Override
    public String toString() {
        return "DeliveryJob[" + deliveryId + " attempt " + attempt + " of event " + eventId + " to "
                + subscription.channel().type() + "]";
    }
}
