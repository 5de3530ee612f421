package io.lamassu.dms.internal;

import io.lamassu.ca.CaService;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.dms.CertificateAuthorities;

/** The DMS settings validator's view of the CA service. */
public final class CaCertificateAuthorities implements CertificateAuthorities {
    private final CaService cas;

    public CaCertificateAuthorities(CaService cas) {
        this.cas = cas;
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
