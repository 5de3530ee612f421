package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;
import io.lamassu.devices.DeviceRepository.EventScope;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Identity slot changes: binding a certificate (new slot version; the superseded certificate is
 * revoked in the same transaction) and decommissioning (certificate revoked with
 * CessationOfOperation, RFC 5280 §5.3.1). The device row is written before the CA is asked to
 * revoke, so the CA's status callback for that revocation finds nothing left to change.
 */
public final class DeviceIdentityService {
    private final DeviceRepository repo;
    private final IdentityCertificates certificates;
    private final DmsDirectory dmsDirectory;
    private final EventPublisher events;
    private final AuditTrail audit;
    private final DeviceChanges changes;

    public DeviceIdentityService(DeviceRepository repo, IdentityCertificates certificates, DmsDirectory dmsDirectory,
                                 Collaborators c) {
        this.repo = repo;
        this.certificates = certificates;
        this.dmsDirectory = dmsDirectory;
        this.events = c.events();
        this.audit = c.audit();
        this.changes = new DeviceChanges(repo, c.events(), c.clock());
    }

    /** Event publisher, audit trail and clock. */
    public record Collaborators(EventPublisher events, AuditTrail audit, Clock clock) {
    }

    /** {@code PUT /devices/{id}/idslot}. */
    public Device updateIdentitySlot(String deviceId, String serialNumber) {
        return audit.execute("device.identity.update", "device", deviceId,
                () -> bindInTransaction(deviceId, serialNumber, null).device());
    }

    /**
     * Binds within the caller's transaction (the DMS manager's bind-identity wraps it with its
     * own event). {@code mode} is upstream's bind mode name, or null to derive it.
     */
    public BindResult bindInTransaction(String deviceId, String serialNumber, String mode) {
        return bindInTransaction(deviceId, serialNumber, mode, true);
    }

    /**
     * As above; {@code revokePrevious} false keeps the superseded certificate usable (a DMS whose
     * {@code revoke_on_reenrollment} is off lets a device switch over at its own pace).
     */
    public BindResult bindInTransaction(String deviceId, String serialNumber, String mode, boolean revokePrevious) {
        if (serialNumber == null || serialNumber.isBlank()) {
            throw LamassuException.badRequest("INVALID_SERIAL_NUMBER", "'certificate_serial_number' is required");
        }
        Device before = repo.find(deviceId, true).orElseThrow(() -> DeviceService.notFound(deviceId));
        if (before.status() == DeviceStatus.DECOMMISSIONED) {
            throw LamassuException.conflict("DEVICE_DECOMMISSIONED",
                    "device '" + deviceId + "' is decommissioned and cannot take a new identity");
        }
        IdentityCertificate cert = certificates.find(serialNumber).orElseThrow(() -> LamassuException.notFound(
                "CERTIFICATE_NOT_FOUND", "certificate '" + serialNumber + "' does not exist"));
        IdentitySlot current = before.identitySlot();
        if (current != null && cert.serialNumber().equals(current.serialNumber())
                && DeviceLifecycle.isTimeDriven(before.status())) {
            return new BindResult(cert, repo.find(deviceId, false).orElseThrow());
        }
        checkBindable(deviceId, cert);
        checkIssuer(before.dmsOwner(), cert);
        Device after = bind(before, cert, mode);
        certificates.attach(cert.serialNumber(), deviceId, before.dmsOwner());
        if (revokePrevious) {
            supersede(current, cert.serialNumber());
        }
        events.publishUpdate("device.identity.update", DeviceChanges.subject(deviceId), before.withoutHistory(),
                after.withoutHistory());
        changes.recordStatusEvent(before, after);
        return new BindResult(cert, repo.find(deviceId, false).orElseThrow());
    }

    private void checkBindable(String deviceId, IdentityCertificate cert) {
        if (!"ACTIVE".equals(cert.status())) {
            throw LamassuException.conflict("CERTIFICATE_NOT_ACTIVE", "certificate '" + cert.serialNumber()
                    + "' is " + cert.status() + "; only an ACTIVE certificate can become a device identity");
        }
        // Past NotAfter but not yet marked EXPIRED by the CA's expiry job: just as unusable.
        if (!changes.now().isBefore(cert.validTo())) {
            throw LamassuException.conflict("CERTIFICATE_NOT_ACTIVE", "certificate '" + cert.serialNumber()
                    + "' expired at " + cert.validTo() + "; only a valid certificate can become a device identity");
        }
        boolean elsewhere = cert.attachedDeviceId() != null && !cert.attachedDeviceId().equals(deviceId);
        Optional<Device> holder = repo.findByCertificate(cert.serialNumber(), false);
        if (elsewhere || holder.filter(d -> !d.id().equals(deviceId)).isPresent()) {
            throw LamassuException.conflict("CERTIFICATE_BOUND_TO_OTHER_DEVICE", "certificate '"
                    + cert.serialNumber() + "' is already bound to device '"
                    + holder.map(Device::id).orElse(cert.attachedDeviceId()) + "'");
        }
    }

    /**
     * Only a certificate issued under the owning DMS's enrollment CA or one of its validation CAs
     * may identify its devices: otherwise any CA in the system could vouch for them (issue 7).
     */
    private void checkIssuer(String dmsId, IdentityCertificate cert) {
        Set<String> allowed = dmsDirectory.identityCas(dmsId);
        if (allowed.isEmpty()) {
            throw LamassuException.conflict("CERTIFICATE_ISSUER_NOT_TRUSTED", "DMS '" + dmsId + "' names no"
                    + " enrollment or validation CA, so no certificate can identify its devices; set"
                    + " enrollment_settings.enrollment_ca");
        }
        if (!certificates.issuedUnder(cert.serialNumber(), allowed)) {
            throw LamassuException.conflict("CERTIFICATE_ISSUER_NOT_TRUSTED", "certificate '" + cert.serialNumber()
                    + "' was not issued by a CA of DMS '" + dmsId + "' " + allowed + " (its enrollment CA, its"
                    + " validation CAs, or a CA below them)");
        }
    }

    private Device bind(Device before, IdentityCertificate cert, String mode) {
        RenewalDeltas deltas = dmsDirectory.deltas(before.dmsOwner()).orElseThrow(() -> LamassuException.notFound(
                "DMS_NOT_FOUND", "DMS '" + before.dmsOwner() + "' does not exist"));
        IdentitySlot prev = before.identitySlot();
        int version = prev == null ? 0 : prev.activeVersion() + 1;
        Map<String, String> versions = new LinkedHashMap<>(prev == null ? Map.of() : prev.versions());
        versions.put(Integer.toString(version), cert.serialNumber());
        Instant validTo = cert.validTo();
        IdentitySlot slot = new IdentitySlot(DeviceStatus.ACTIVE, version, "x509", versions, cert.serialNumber(),
                validTo, validTo.minus(deltas.preventive()), validTo.minus(deltas.critical()), List.of());
        DeviceLifecycle.Stage stage = DeviceLifecycle.at(slot, changes.now());
        Device after = before.withStatus(stage.status(), slot.withStatus(stage.status()));
        repo.update(after, stage.next());
        String type = mode != null ? mode : prev == null ? "PROVISIONED" : "RE-PROVISIONED";
        repo.addEvent(before.id(), EventScope.SLOT, new DeviceEvent(changes.now(), type,
                "New Active Version set to " + version));
        return after;
    }

    /** A superseded identity is revoked only while still usable; expired or revoked ones stay as they are. */
    private void supersede(IdentitySlot previous, String newSerial) {
        if (previous == null || previous.serialNumber().equals(newSerial)) {
            return;
        }
        revokeIfUsable(previous.serialNumber(), "Superseded");
    }

    private void revokeIfUsable(String serial, String reason) {
        certificates.find(serial).ifPresent(c -> {
            boolean held = "REVOKED".equals(c.status()) && "CertificateHold".equalsIgnoreCase(c.revocationReason());
            if ("ACTIVE".equals(c.status()) || held) {
                certificates.revoke(c.serialNumber(), reason);
            }
        });
    }

    /** {@code DELETE /devices/{id}/decommission}: terminal, and the identity can no longer authenticate. */
    public Device decommission(String deviceId) {
        return audit.execute("device.decommission", "device", deviceId, () -> {
            Device before = repo.find(deviceId, true).orElseThrow(() -> DeviceService.notFound(deviceId));
            if (before.status() == DeviceStatus.DECOMMISSIONED) {
                throw LamassuException.conflict("DEVICE_ALREADY_DECOMMISSIONED",
                        "device '" + deviceId + "' is already decommissioned");
            }
            changes.moveTo(before, DeviceStatus.DECOMMISSIONED, null);
            repo.addEvent(deviceId, EventScope.DEVICE, new DeviceEvent(changes.now(), "DECOMMISSIONED", ""));
            if (before.identitySlot() != null) {
                revokeIfUsable(before.identitySlot().serialNumber(), "CessationOfOperation");
            }
            return repo.find(deviceId, false).orElseThrow();
        });
    }
}
