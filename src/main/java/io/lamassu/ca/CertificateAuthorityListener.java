package io.lamassu.ca;

/**
 * Told of every CA created, imported or reissued, inside the transaction that stores it, so that state kept
 * per CA elsewhere (the validation authority's role) exists exactly when the CA does. Implemented
 * outside the CA context and registered by the composition root.
 */
public interface CertificateAuthorityListener {
    void onCreated(CertificateAuthority ca);

    /**
     * A reissue replaced the CA's certificate (and perhaps its key), in the same transaction;
     * by default what a new CA gets (state per key exists for the new key too).
     */
    default void onReissued(CertificateAuthority previous, CertificateAuthority updated) {
        onCreated(updated);
    }
}
