package io.lamassu.ca;

import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import java.time.Instant;
import java.util.List;

/**
 * Moves ACTIVE certificates and CAs to EXPIRED once valid_to passes. Each run claims due rows
 * through the indexed next-due time in batches (FOR UPDATE SKIP LOCKED on PostgreSQL, so several
 * instances share the work), so its cost grows with what expires, not with what is stored.
 */
public final class ExpiryJob {
    static final int BATCH = 500;
    private final CaDependencies d;
    private final StatusChanges changes;

    public ExpiryJob(CaDependencies d) {
        this.d = d;
        this.changes = new StatusChanges(d);
    }

    /** @return how many certificates expired */
    public int runOnce(Instant now) {
        RequestContext.set(Actor.SYSTEM, "expiry-job");
        try {
            int total = 0;
            int n;
            do {
                n = d.audit().execute("certificate.expire", "certificate", "batch", () -> batch(now));
                total += n;
            } while (n == BATCH);
            return total;
        } finally {
            RequestContext.clear();
        }
    }

    private int batch(Instant now) {
        List<Certificate> due = d.certificates().claimDue(now, BATCH);
        for (Certificate c : due) {
            Certificate updated = changes.write(c, CertificateStatus.EXPIRED, RevocationReason.Unspecified);
            if (c.isCa()) {
                d.cas().findBySubjectKeyId(c.subjectKeyId()).stream()
                        .filter(ca -> ca.serialNumber().equals(c.serialNumber()))
                        .forEach(ca -> d.events().publishUpdate("ca.status.update", "ca/" + ca.id(),
                                ca.withCertificate(c), ca.withCertificate(updated)));
            }
        }
        return due.size();
    }
}
