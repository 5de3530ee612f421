package io.lamassu.ca;

import java.util.HashSet;
import java.util.Set;

/**
 * CA status changes. Revoking a CA for any reason but CertificateHold revokes every CA below it
 * and every certificate they issued (reason CessationOfOperation, upstream §4.2), inside the
 * caller's transaction. A hold does not cascade: it is a reversible suspension, and cascading
 * would permanently revoke the subtree.
 */
final class CaRevocation {
    private final CaDependencies d;
    private final StatusChanges changes;

    CaRevocation(CaDependencies d, StatusChanges changes) {
        this.d = d;
        this.changes = changes;
    }

    CertificateAuthority changeStatus(CertificateAuthority ca, CertificateStatus to, RevocationReason reason) {
        Certificate updatedCert = changes.transition(ca.certificate(), to, reason);
        CertificateAuthority updated = ca.withCertificate(updatedCert);
        d.events().publishUpdate("ca.status.update", "ca/" + ca.id(), ca, updated);
        if (to == CertificateStatus.REVOKED && reason != RevocationReason.CertificateHold) {
            revokePrevious(updated, reason);
            revokeSubtree(updated);
        }
        return updated;
    }

    /**
     * The CA's earlier certificates (replaced by reissues) are revoked with it and for the same
     * reason: a relying party holding one must not keep trusting the CA (ADR 0530).
     */
    private void revokePrevious(CertificateAuthority ca, RevocationReason reason) {
        for (Certificate old : d.cas().previousCertificates(ca.id())) {
            if (revocable(old)) {
                changes.write(old, CertificateStatus.REVOKED, reason);
            }
        }
    }

    void revokeSubtree(CertificateAuthority ca) {
        revokeSubtree(ca, new HashSet<>());
    }

    private void revokeSubtree(CertificateAuthority ca, Set<String> visited) {
        if (!visited.add(ca.id())) {
            return;
        }
        for (String childId : d.cas().childIds(ca.id())) {
            d.cas().find(childId).ifPresent(child -> {
                CertificateAuthority current = child;
                if (revocable(child.certificate())) {
                    Certificate c = changes.write(child.certificate(), CertificateStatus.REVOKED,
                            RevocationReason.CessationOfOperation);
                    current = child.withCertificate(c);
                    d.events().publishUpdate("ca.status.update", "ca/" + child.id(), child, current);
                }
                revokeSubtree(current, visited);
            });
        }
        for (String serial : d.certificates().revocableIssuedBy(ca.id(), ca.serialNumber())) {
            changes.write(changes.load(serial), CertificateStatus.REVOKED, RevocationReason.CessationOfOperation);
        }
    }

    static boolean revocable(Certificate c) {
        return c.status() == CertificateStatus.ACTIVE || c.status() == CertificateStatus.INACTIVE
                || (c.status() == CertificateStatus.REVOKED
                && c.revocationReason() == RevocationReason.CertificateHold);
    }
}
