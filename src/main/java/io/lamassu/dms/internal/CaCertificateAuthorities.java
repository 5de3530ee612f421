package io.lamassu.dms.internal;

import io.lamassu.ca.CaService;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateService;
import io.lamassu.dms.CertificateAuthorities;

/** The DMS settings validator's view of the CA service. */
public final class CaCertificateAuthorities implements CertificateAuthorities {
    private final CaService cas;
    private final CertificateService certificates;

    public CaCertificateAuthorities(CaService cas, CertificateService certificates) {
        this.cas = cas;
        this.certificates = certificates;
    }

    @Override
    public Certificate certificate(String serialNumber) {
        return certificates.get(serialNumber);
    }

    @Override
    public boolean exists(String caId) {
        return cas.isKnown(caId);
    }
}
