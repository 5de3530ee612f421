package io.lamassu.devices;

/** The certificate now in the device's identity slot and the device after the binding. */
public record BindResult(IdentityCertificate certificate, Device device) {
}
