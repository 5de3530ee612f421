package io.lamassu.alerts;

/** A delivery waits ({@code PENDING}: due at its next attempt time) until delivered or out of attempts. */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED
}
