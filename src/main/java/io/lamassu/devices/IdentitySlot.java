package io.lamassu.devices;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The device's x509 identity (upstream-notes §4.1): consecutive versions starting at 0, each the
 * serial of a certificate once bound; {@code activeVersion} points at the current one. The
 * thresholds are fixed at binding time from the owning DMS's preventive and critical deltas, as
 * upstream attaches its expiration deltas at binding time.
 */
public record IdentitySlot(DeviceStatus status, int activeVersion, String type, Map<String, String> versions,
                           String serialNumber, Instant expirationDate, Instant renewalWindowAt,
                           Instant aboutToExpireAt, List<DeviceEvent> events) {
    public IdentitySlot {
        versions = versions == null ? Map.of() : Map.copyOf(versions);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public IdentitySlot withStatus(DeviceStatus s) {
        return new IdentitySlot(s, activeVersion, type, versions, serialNumber, expirationDate, renewalWindowAt,
                aboutToExpireAt, events);
    }

    public IdentitySlot withEvents(List<DeviceEvent> e) {
        return new IdentitySlot(status, activeVersion, type, versions, serialNumber, expirationDate, renewalWindowAt,
                aboutToExpireAt, e);
    }
}
