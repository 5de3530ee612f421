package io.lamassu.ca;

import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;

/**
 * What the CA needs from key management: create or import a CA key and sign with it. Backed by
 * the KMS context in production (adapter in {@code ca.internal}); key ids are hex SHA-256 of the
 * SubjectPublicKeyInfo, so a CA's key id follows from its certificate.
 */
public interface CaKeys {
    record KeyRef(String keyId, String engineId, SubjectPublicKeyInfo publicKey) {
    }

    /** {@code engineId} empty = the KMS default engine. */
    KeyRef create(String type, int bits, String engineId, String name);

    /** Imports a PEM (or base64 PEM) private key; the caller has already checked it matches. */
    KeyRef importKey(String privateKeyPem, String engineId, String name);

    Optional<KeyRef> find(String keyId);

    /** A signer for the key; callers use it on one thread at a time. */
    ContentSigner signer(String keyId);
}
