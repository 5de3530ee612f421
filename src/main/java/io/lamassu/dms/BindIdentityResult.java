package io.lamassu.dms;

import io.lamassu.ca.Certificate;
import io.lamassu.devices.Device;

/**
 * Upstream's bind response: the certificate (the CA's full object, including the attached-to
 * metadata just written), its DMS and the device — here the device after the binding, not before.
 */
public record BindIdentityResult(Certificate certificate, Dms dms, Device device) {
}
