package io.lamassu.va;

import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateAuthorityListener;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateStatusListener;

/**
 * Inside the CA's transactions: a new CA gets its role, and a change into or out of REVOKED is
 * logged for delta CRLs and makes the CA's next CRL due. Both commit with the CA's change; the
 * CRL itself is built after the commit, off the request thread. A revoked (or held) CA
 * certificate retires the delegated OCSP responders it issued in the same transaction.
 */
final class VaListener implements CertificateStatusListener, CertificateAuthorityListener {
    private final VaRepository repo;
    private final VaRoleService roles;
    private final CaService cas;
    private final CertificateService certificates;
    private final DelegatedResponders responders;
    private final Runnable afterCommit;
    private final Runnable afterCaCommit;

    /** Hooks: {@code afterCommit} runs after a status change commits; {@code afterCaCommit} after a new CA does. */
    record Hooks(Runnable afterCommit, Runnable afterCaCommit) {
    }

    VaListener(ValidationAuthority.Dependencies d, VaRoleService roles, DelegatedResponders responders, Hooks hooks) {
        this.repo = d.repo();
        this.roles = roles;
        this.cas = d.cas();
        this.certificates = d.certificates();
        this.responders = responders;
        this.afterCommit = hooks.afterCommit();
        this.afterCaCommit = hooks.afterCaCommit();
    }

    @Override
    public void onCreated(CertificateAuthority ca) {
        if (!roles.createDefault(ca)) {
            // A CA created or imported with a key that already has a role: a delegating role whose job
            // gave up (no CA could sign) gets its responder again.
            responders.markDue(ca.certificate().subjectKeyId());
        }
        repo.afterCommit(afterCaCommit);
    }

    /**
     * A reissue (same key or new) may extend a CA the job stopped renewing for (it expired soon), and
     * replaces the certificate that issued the current responder: the delegating roles of both keys
     * are due at once, and a responder being issued under the previous certificate is not installed.
     */
    @Override
    public void onReissued(CertificateAuthority previous, CertificateAuthority updated) {
        onCreated(updated);
        String before = previous.certificate().subjectKeyId();
        if (before != null && !before.equals(updated.certificate().subjectKeyId())) {
            responders.markDue(before);
        }
    }

    @Override
    public void onStatusChange(Change change) {
        boolean wasRevoked = change.previous() == CertificateStatus.REVOKED;
        if (change.updated() == CertificateStatus.REVOKED) {
            // By key, not by the serial that issued the responder: a same-key reissue gives the key several.
            caSki(change.serialNumber()).ifPresent(responders::onCaCertificateRevoked);
        } else if (wasRevoked && change.updated() == CertificateStatus.ACTIVE) {
            // Released from hold (rare): a CA certificate's delegated responder is issued again at once.
            caSki(change.serialNumber()).ifPresent(responders::markDue);
            repo.afterCommit(afterCommit);
        }
        if (!wasRevoked && change.updated() != CertificateStatus.REVOKED) {
            return;
        }
        certificates.state(change.serialNumber()).ifPresent(s -> issuerSkis(s.issuerId()).forEach(ski -> {
            repo.recordChange(ski, s.issuerId(), s.serialNumber(), wasRevoked, change.at());
            repo.afterCommit(afterCommit);
        }));
    }

    private java.util.Optional<String> caSki(String serial) {
        return certificates.find(serial).filter(io.lamassu.ca.Certificate::isCa)
                .map(io.lamassu.ca.Certificate::subjectKeyId).filter(s -> !s.isBlank());
    }

    /**
     * The keys of the issuing CA: its current one and those a reissue replaced. A certificate may
     * have been issued under any of them, so each key's CRL becomes due (listing a serial on the
     * CRL of a key that did not issue it is harmless: serials are random 128-bit numbers).
     */
    private java.util.Set<String> issuerSkis(String caId) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        try {
            out.add(cas.get(caId).certificate().subjectKeyId());
            cas.previousCertificates(caId).forEach(c -> out.add(c.subjectKeyId()));
        } catch (io.lamassu.common.LamassuException e) {
            // An imported certificate of an unknown issuer: no CRL of ours lists it.
        }
        return out;
    }
}
