package io.lamassu.dms;

/** Port to the CA service for settings validation (implemented over it by the composition root). */
public interface CertificateAuthorities {
    boolean exists(String caId);
}
