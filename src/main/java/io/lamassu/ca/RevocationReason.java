package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import java.util.Locale;

/** RFC 5280 §5.3.1 CRLReason codes with upstream's JSON names (case-insensitive on input). */
public enum RevocationReason {
    Unspecified(0), KeyCompromise(1), CACompromise(2), AffiliationChanged(3), Superseded(4),
    CessationOfOperation(5), CertificateHold(6), RemoveFromCRL(8), PrivilegeWithdrawn(9), AACompromise(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RevocationReason fromCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown CRLReason code " + code);
    }

    public static RevocationReason parse(String name) {
        if (name == null || name.isBlank()) {
            return Unspecified;
        }
        for (RevocationReason r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw LamassuException.badRequest("INVALID_REVOCATION_REASON", "unknown revocation reason '" + name
                + "'; expected one of Unspecified, KeyCompromise, CACompromise, AffiliationChanged, Superseded,"
                + " CessationOfOperation, CertificateHold, RemoveFromCRL, PrivilegeWithdrawn, AACompromise");
    }
}
