package io.lamassu.devices;

import java.time.Instant;

/**
 * One entry of a device's history as listed by {@code GET /devices/{id}/events}: {@code scope}
 * says whether it belongs to the device ({@code DEVICE}) or to its identity slot ({@code SLOT}).
 */
public record DeviceEventEntry(String id, String deviceId, String scope, Instant timestamp, String type,
                               String description) {
}
