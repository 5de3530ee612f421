package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CA status changes. Revoking a CA for any reason but CertificateHold revokes every CA below it
 * and every certificate they issued (reason CessationOfOperation, upstream §4.2), inside the
 * caller's transaction. A hold does not cascade: it is a reversible suspension, and cascading
 * would permanently revoke the subtree. An earlier certificate of a CA (replaced by a reissue)
 * changes on its own: see {@link #changeEarlierStatus}.
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

    /**
     * Status of an earlier CA certificate (ADR 0530): that certificate alone, with its normal event
     * and listeners; the CA, its current certificate and its sub-CAs are untouched. Revoking it (not
     * a hold) when no other certificate of the CA still certifies its key also revokes what was issued
     * under that key (RFC 5280 §6: those certificates chain only to it), CessationOfOperation. A
     * sub-CA whose current certificate was issued under that key is refused (409): reissue it first.
     */
    Certificate changeEarlierStatus(CertificateAuthority ca, Certificate old, CertificateStatus to,
                                    RevocationReason reason) {
        boolean cascade = to == CertificateStatus.REVOKED && reason != RevocationReason.CertificateHold
                && !stillCertified(ca, old);
        List<String> underKey = cascade ? serialsWithKey(ca, old.subjectKeyId()) : List.of();
        if (cascade) {
            requireNoChildUnder(ca, underKey);
        }
        Certificate updated = changes.transition(old, to, reason);
        for (String serial : d.certificates().revocableIssuedUnder(ca.id(), underKey)) {
            changes.write(changes.load(serial), CertificateStatus.REVOKED, RevocationReason.CessationOfOperation);
        }
        return updated;
    }

    /** Whether the current or another earlier certificate of the CA, not revoked for good, has the same key. */
    private boolean stillCertified(CertificateAuthority ca, Certificate old) {
        return all(ca).filter(c -> !c.serialNumber().equals(old.serialNumber()))
                .filter(c -> c.subjectKeyId().equals(old.subjectKeyId()))
                .anyMatch(c -> c.status() != CertificateStatus.REVOKED
                        || c.revocationReason() == RevocationReason.CertificateHold);
    }

    private List<String> serialsWithKey(CertificateAuthority ca, String ski) {
        return all(ca).filter(c -> c.subjectKeyId().equals(ski)).map(Certificate::serialNumber).toList();
    }

    private Stream<Certificate> all(CertificateAuthority ca) {
        return Stream.concat(Stream.of(ca.certificate()), d.cas().previousCertificates(ca.id()).stream());
    }

    private void requireNoChildUnder(CertificateAuthority ca, List<String> issuerSerials) {
        for (String childId : d.cas().childIds(ca.id())) {
            d.cas().find(childId).filter(child -> revocable(child.certificate()))
                    .filter(child -> issuerSerials.contains(child.certificate().issuerMetadata().serialNumber()))
                    .ifPresent(child -> {
                        throw LamassuException.conflict("CA_CHILD_UNDER_KEY", "sub-CA " + child.id()
                                + " still has a certificate issued under this key; reissue it first");
                    });
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
            d.cas().lock(childId);
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
