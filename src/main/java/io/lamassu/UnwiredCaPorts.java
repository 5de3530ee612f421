package io.lamassu;

import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.devices.IdentityCertificate;
import io.lamassu.devices.IdentityCertificates;
import io.lamassu.dms.CertificateAuthorities;
import java.util.Optional;

/**
 * Placeholder for the device and DMS ports over the CA service until the CA context is wired:
 * anything that needs a certificate or CA answers 503, everything else works.
 */
final class UnwiredCaPorts implements IdentityCertificates, CertificateAuthorities {
    private static LamassuException unavailable() {
        return new LamassuException(ErrorKind.UNAVAILABLE, "UNAVAILABLE", "CA service not wired");
    }

    @Override
    public Optional<IdentityCertificate> find(String serialNumber) {
        throw unavailable();
    }

    @Override
    public void revoke(String serialNumber, String reason) {
        throw unavailable();
    }

    @Override
    public void attach(String serialNumber, String deviceId, String dmsId) {
        throw unavailable();
    }

    @Override
    public boolean exists(String caId) {
        throw unavailable();
    }
}
