package io.lamassu.va;

import java.time.Duration;
import java.time.Instant;

/**
 * A delegated OCSP responder certificate (RFC 6960 §4.2.2.2) the CA issued for a VA role, with the
 * KMS key it certifies. {@code generation} is the role's signer generation it was made current in.
 */
public record DelegatedResponder(String serialNumber, String caSki, String caId, String caSerial, String keyId,
                                 Instant notBefore, Instant notAfter, long generation, byte[] der) {
    /** Renewed once less than a third of its lifetime remains. */
    public Instant renewAt() {
        Duration life = Duration.between(notBefore, notAfter);
        return notBefore.plus(life.multipliedBy(2).dividedBy(3));
    }

    public boolean validAt(Instant t) {
        return !t.isBefore(notBefore) && t.isBefore(notAfter);
    }
}
