package io.lamassu.dms;

import io.lamassu.devices.Device;
import io.lamassu.devices.IdentityCertificate;

/** Upstream's bind response: the certificate, its DMS and the device (here: after the binding). */
public record BindIdentityResult(IdentityCertificate certificate, Dms dms, Device device) {
}
