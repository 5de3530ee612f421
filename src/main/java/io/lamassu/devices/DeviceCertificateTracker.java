package io.lamassu.devices;

import io.lamassu.ca.CertificateStatusListener;
import io.lamassu.events.EventPublisher;
import java.time.Clock;

/**
 * Keeps a device's status in step with its identity certificate, inside the transaction of the
 * certificate's status change (so "REVOKED by any path" holds: certificate API, CA subtree
 * revocation, expiry job). Release from CertificateHold puts the device back on its time-driven
 * status. Certificates that are nobody's identity are ignored (unlike upstream, quirk 21).
 */
public final class DeviceCertificateTracker implements CertificateStatusListener {
    private final DeviceRepository repo;
    private final DeviceChanges changes;

    public DeviceCertificateTracker(DeviceRepository repo, EventPublisher events, Clock clock) {
        this.repo = repo;
        this.changes = new DeviceChanges(repo, events, clock);
    }

    @Override
    public void onStatusChange(Change change) {
        repo.findByCertificate(change.serialNumber(), true)
                .filter(d -> d.status() != DeviceStatus.DECOMMISSIONED)
                .ifPresent(d -> apply(d, change));
    }

    private void apply(Device device, Change change) {
        switch (change.updated()) {
            case REVOKED -> changes.moveTo(device, DeviceStatus.REVOKED, null);
            case EXPIRED -> changes.moveTo(device, DeviceStatus.EXPIRED, null);
            case ACTIVE -> {
                if (!DeviceLifecycle.isTimeDriven(device.status())) {
                    DeviceLifecycle.Stage stage = DeviceLifecycle.at(device.identitySlot(), changes.now());
                    changes.moveTo(device, stage.status(), stage.next());
                }
            }
            default -> {
                // INACTIVE is never set by the CA service (upstream-notes §4.2).
            }
        }
    }
}
