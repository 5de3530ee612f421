package io.lamassu.dms.internal;

import io.lamassu.ca.CaService;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateService;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
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
        try {
            cas.get(caId);
            return true;
        } catch (LamassuException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
