package io.lamassu.ca;

/**
 * Told of every CA created or imported, inside the transaction that stores it, so that state kept
 * per CA elsewhere (the validation authority's role) exists exactly when the CA does. Implemented
 * outside the CA context and registered by the composition root.
 */
public interface CertificateAuthorityListener {
    void onCreated(CertificateAuthority ca);
}
