package io.lamassu.ca;

import java.time.Instant;

/**
 * Told of every certificate status change inside the transaction that makes it, so that state
 * depending on a certificate (a device's status) changes atomically with it. Implemented outside
 * the CA context and registered by the composition root.
 */
public interface CertificateStatusListener {
    void onStatusChange(Change change);

    record Change(String serialNumber, CertificateStatus previous, CertificateStatus updated,
                  RevocationReason reason, Instant at) {
    }
}
