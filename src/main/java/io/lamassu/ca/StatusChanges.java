package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import java.time.Instant;

/**
 * Applies one certificate status change inside the caller's transaction: the row, the
 * {@code certificate.status.update} event and every registered {@link CertificateStatusListener}.
 */
final class StatusChanges {
    private final CaDependencies d;

    StatusChanges(CaDependencies d) {
        this.d = d;
    }

    Certificate transition(Certificate current, CertificateStatus to, RevocationReason reason) {
        StatusTransitions.check(current, to, reason);
        // A hold released after NotAfter lands on EXPIRED: the certificate is no longer valid (RFC 5280
        // §4.1.2.5), and the expiry job never sees it again (next_due_at is only set while ACTIVE).
        boolean pastNotAfter = !d.clock().instant().isBefore(current.validTo());
        return write(current, to == CertificateStatus.ACTIVE && pastNotAfter ? CertificateStatus.EXPIRED : to, reason);
    }

    Certificate write(Certificate current, CertificateStatus to, RevocationReason reason) {
        Instant now = d.clock().instant();
        Certificate updated = to == CertificateStatus.REVOKED
                ? current.withStatus(to, reason, now)
                : current.withStatus(to, RevocationReason.Unspecified, Certificate.ZERO_TIME);
        d.certificates().updateStatus(updated);
        if (to == CertificateStatus.REVOKED) {
            d.metrics().revoked(current.issuerMetadata() == null ? "" : current.issuerMetadata().id(),
                    updated.revocationReason().name());
        }
        d.events().publishUpdate("certificate.status.update", "certificate/" + current.serialNumber(), current,
                updated);
        CertificateStatusListener.Change change = new CertificateStatusListener.Change(current.serialNumber(),
                current.status(), to, updated.revocationReason(), now);
        for (CertificateStatusListener l : d.listeners()) {
            l.onStatusChange(change);
        }
        return updated;
    }

    Certificate load(String serial) {
        return d.certificates().find(serial).orElseThrow(() -> LamassuException.notFound("CERTIFICATE_NOT_FOUND",
                "certificate " + serial + " not found"));
    }
}
