package io.lamassu.devices;

import java.time.Instant;

/** What the device manager needs to know of a certificate; status is ACTIVE, EXPIRED or REVOKED. */
public record IdentityCertificate(String serialNumber, String status, String revocationReason, Instant validFrom,
                                  Instant validTo, String subjectCommonName, String issuerCaId,
                                  String attachedDeviceId) {
}
