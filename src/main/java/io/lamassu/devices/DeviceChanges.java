package io.lamassu.devices;

import io.lamassu.devices.DeviceRepository.EventScope;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Instant;

/**
 * The one way a device's status changes outside the batch job: check the transition table, write
 * the row, record the device event and publish {@code device.status.update}, all in the caller's
 * transaction.
 */
final class DeviceChanges {
    private final DeviceRepository repo;
    private final EventPublisher events;
    private final Clock clock;

    DeviceChanges(DeviceRepository repo, EventPublisher events, Clock clock) {
        this.repo = repo;
        this.events = events;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves {@code before} to {@code status}; the slot (when present) mirrors it. */
    Device moveTo(Device before, DeviceStatus status, Instant next) {
        if (before.status() == status) {
            return before;
        }
        DeviceStatus slotStatus = status == DeviceStatus.DECOMMISSIONED ? DeviceStatus.REVOKED : status;
        IdentitySlot slot = before.identitySlot() == null ? null : before.identitySlot().withStatus(slotStatus);
        Device after = before.withStatus(status, slot);
        repo.update(after, next);
        recordStatusEvent(before, after);
        return after;
    }

    void recordStatusEvent(Device before, Device after) {
        if (before.status() == after.status()) {
            return;
        }
        repo.addEvent(after.id(), EventScope.DEVICE, new DeviceEvent(now(), "STATUS-UPDATED",
                "Status updated from '" + before.status() + "' to '" + after.status() + "'"));
        events.publishUpdate("device.status.update", subject(after.id()), before.withoutHistory(),
                after.withoutHistory());
    }

    static String subject(String deviceId) {
        return "device/" + deviceId;
    }
}
