package io.lamassu.devices;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A device as on the wire: the seed's fields ({@code id, dms_owner, status, creation_timestamp,
 * tags, metadata, identity_slot}) plus its event history. {@code identitySlot} is null until the
 * first binding.
 */
public record Device(String id, String dmsOwner, DeviceStatus status, Instant creationTimestamp, List<String> tags,
                     Map<String, Object> metadata, IdentitySlot identitySlot, List<DeviceEvent> events) {
    public Device {
        tags = List.copyOf(tags);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(metadata));
        events = events == null ? List.of() : List.copyOf(events);
    }

    public Device withStatus(DeviceStatus s, IdentitySlot slot) {
        return new Device(id, dmsOwner, s, creationTimestamp, tags, metadata, slot, events);
    }

    public Device withMetadata(Map<String, Object> m) {
        return new Device(id, dmsOwner, status, creationTimestamp, tags, m, identitySlot, events);
    }

    public Device withEvents(List<DeviceEvent> e) {
        return new Device(id, dmsOwner, status, creationTimestamp, tags, metadata, identitySlot, e);
    }

    /** Event payloads carry the device without its history, keeping outbox rows small. */
    public Device withoutHistory() {
        IdentitySlot slot = identitySlot == null ? null : identitySlot.withEvents(List.of());
        return new Device(id, dmsOwner, status, creationTimestamp, tags, metadata, slot, List.of());
    }
}
