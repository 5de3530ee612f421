package io.lamassu.dms;

import io.lamassu.ca.Certificate;

/** Port to the CA service (implemented over it by the composition root). */
public interface CertificateAuthorities {
    /** For settings validation: does a CA with this id exist? */
    boolean exists(String caId);

    /** The certificate as the CA serialises it (upstream's bind-identity response carries it). */
    Certificate certificate(String serialNumber);
}
