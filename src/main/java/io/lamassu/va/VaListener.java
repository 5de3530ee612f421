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
 * CRL itself is built after the commit, off the request thread.
 */
final class VaListener implements CertificateStatusListener, CertificateAuthorityListener {
    private final VaRepository repo;
    private final VaRoleService roles;
    private final CaService cas;
    private final CertificateService certificates;
    private final Runnable afterCommit;
    private final Runnable afterCaCommit;

    /** {@code afterCommit} runs after a status change commits; {@code afterCaCommit} after a new CA does. */
    VaListener(VaRepository repo, VaRoleService roles, CaService cas, CertificateService certificates,
               Runnable afterCommit, Runnable afterCaCommit) {
        this.repo = repo;
        this.roles = roles;
        this.cas = cas;
        this.certificates = certificates;
        this.afterCommit = afterCommit;
        this.afterCaCommit = afterCaCommit;
    }

    @Override
    public void onCreated(CertificateAuthority ca) {
        roles.createDefault(ca);
        repo.afterCommit(afterCaCommit);
    }

    @Override
    public void onStatusChange(Change change) {
        boolean wasRevoked = change.previous() == CertificateStatus.REVOKED;
        if (!wasRevoked && change.updated() != CertificateStatus.REVOKED) {
            return;
        }
        certificates.state(change.serialNumber()).ifPresent(s -> issuerSkis(s.issuerId()).forEach(ski -> {
            repo.recordChange(ski, s.issuerId(), s.serialNumber(), wasRevoked, change.at());
            repo.afterCommit(afterCommit);
        }));
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
