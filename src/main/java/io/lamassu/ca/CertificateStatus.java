package io.lamassu.ca;

/** Certificate (and CA) statuses, upstream-notes §4.2. Transition rules live in the CA service. */
public enum CertificateStatus {
    ACTIVE, EXPIRED, REVOKED, INACTIVE
}
