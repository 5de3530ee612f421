package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The certificate (and CA) status machine of upstream-notes §4.2 as an explicit table.
 * EXPIRED is final; REVOKED is final unless the reason is CertificateHold (RFC 5280 §5.3.1), from
 * which the certificate may be released (→ ACTIVE) or revoked for good (→ REVOKED, other reason).
 * ACTIVE → EXPIRED is made only by the expiry job, never requested through the API.
 */
public final class StatusTransitions {
    private static final Map<CertificateStatus, Set<CertificateStatus>> TABLE = new EnumMap<>(CertificateStatus.class);

    static {
        TABLE.put(CertificateStatus.ACTIVE, EnumSet.of(CertificateStatus.REVOKED, CertificateStatus.EXPIRED));
        TABLE.put(CertificateStatus.INACTIVE, EnumSet.of(CertificateStatus.ACTIVE, CertificateStatus.REVOKED,
                CertificateStatus.EXPIRED));
        TABLE.put(CertificateStatus.REVOKED, EnumSet.noneOf(CertificateStatus.class));
        TABLE.put(CertificateStatus.EXPIRED, EnumSet.noneOf(CertificateStatus.class));
    }

    private StatusTransitions() {
    }

    public static boolean allowed(CertificateStatus from, RevocationReason currentReason, CertificateStatus to,
                                  RevocationReason newReason) {
        if (from == CertificateStatus.REVOKED && currentReason == RevocationReason.CertificateHold) {
            // Release, or a definitive revocation for another reason; holding twice changes nothing.
            return to == CertificateStatus.ACTIVE
                    || (to == CertificateStatus.REVOKED && newReason != RevocationReason.CertificateHold)
                    || to == CertificateStatus.EXPIRED;
        }
        return TABLE.get(from).contains(to);
    }

    /** 409 INVALID_STATUS_TRANSITION unless allowed. */
    public static void check(Certificate c, CertificateStatus to, RevocationReason newReason) {
        if (!allowed(c.status(), c.revocationReason(), to, newReason)) {
            String from = c.status() == CertificateStatus.REVOKED ? "REVOKED (" + c.revocationReason() + ")"
                    : c.status().name();
            throw LamassuException.conflict("INVALID_STATUS_TRANSITION",
                    "certificate " + c.serialNumber() + " cannot go from " + from + " to " + to);
        }
    }

    /** Statuses a caller may request; EXPIRED and INACTIVE are set by the server only. */
    public static CertificateStatus parseRequested(String status) {
        if (status == null || status.isBlank()) {
            throw LamassuException.badRequest("INVALID_STATUS", "status is required");
        }
        CertificateStatus s;
        try {
            s = CertificateStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INVALID_STATUS", "unknown status '" + status + "'");
        }
        if (s != CertificateStatus.ACTIVE && s != CertificateStatus.REVOKED) {
            throw LamassuException.badRequest("INVALID_STATUS",
                    "status may be set to ACTIVE or REVOKED; " + s + " is set by the server");
        }
        return s;
    }

    /** RemoveFromCRL only appears in delta CRLs (RFC 5280 §5.3.1); it is never a reason to revoke. */
    public static RevocationReason parseReason(String reason) {
        RevocationReason r = RevocationReason.parse(reason);
        if (r == RevocationReason.RemoveFromCRL) {
            throw LamassuException.badRequest("INVALID_REVOCATION_REASON",
                    "RemoveFromCRL is not a revocation reason; release a held certificate by setting status ACTIVE");
        }
        return r;
    }
}
