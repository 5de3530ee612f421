package io.lamassu.devices;

import java.util.Optional;
import java.util.Set;

/**
 * Port to the CA service (implemented over it by the composition root). Every method runs in the
 * caller's transaction, so a binding, the superseded certificate's revocation and the device change
 * commit together (design §4).
 */
public interface IdentityCertificates {
    /** Accepts any serial form (upper case, ':'/'-' separated); returns the normalised lowercase hex serial. */
    Optional<IdentityCertificate> find(String serialNumber);

    /** {@code reason} is an RFC 5280 CRLReason name, e.g. "Superseded", "CessationOfOperation". */
    void revoke(String serialNumber, String reason);

    /** Whether the certificate was issued by one of {@code caIds} or by a CA below one of them, at any depth. */
    boolean issuedUnder(String serialNumber, Set<String> caIds);

    /** Records the binding on the certificate (metadata {@code lamassu.io/ra/attached-to}). */
    void attach(String serialNumber, String deviceId, String dmsId);
}
