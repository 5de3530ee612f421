package io.lamassu.ca;

import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;

/**
 * What the CA needs from key management: create or import a CA key and sign with it. Backed by
 * the KMS context in production (adapter in {@code ca.internal}); key ids are hex SHA-256 of the
 * SubjectPublicKeyInfo, so a CA's key id follows from its certificate.
 *
 * <p>A new CA key is made in two steps so that no failure can leave it behind (design §4): the key
 * is generated (CPU work, outside any transaction) and used to sign the CA certificate, then
 * {@link #store} writes it in the CA's own transaction, which also {@link #bind}s it to the CA.
 */
public interface CaKeys {
    record KeyRef(String keyId, String engineId, SubjectPublicKeyInfo publicKey) {
    }

    /** A key that exists only in memory until {@link #store} writes it. */
    interface NewKey {
        KeyRef ref();

        ContentSigner signer();
    }

    /** {@code engineId} empty = the KMS default engine. */
    NewKey generate(String type, int bits, String engineId, String name);

    /** Parses a PEM (or base64 PEM) private key; the caller has already checked it matches. */
    NewKey parse(String privateKeyPem, String engineId, String name);

    /**
     * Writes the key in the caller's transaction. A key the KMS already holds (a CA deleted and
     * imported again) is reused.
     */
    void store(NewKey key);

    /** In the caller's transaction: the key cannot be deleted while the CA exists; 404 KEY_NOT_FOUND if it is gone. */
    void bind(String keyId, String caId);

    void unbind(String keyId, String caId);

    Optional<KeyRef> find(String keyId);

    /** A signer for the key; callers use it on one thread at a time. */
    ContentSigner signer(String keyId);

    /**
     * Signs a base64 message (or digest, {@code messageType} hash) under an upstream scheme name
     * (ECDSA_SHA_256, RSASSA_PSS_SHA_384, ...); base64 of the signature. 400 for bad input.
     */
    String sign(String keyId, SignatureRequest request);

    /** Whether {@code request.signature()} verifies; false for one that is not even well formed. */
    boolean verify(String keyId, SignatureRequest request);

    /**
     * In the caller's transaction: a delegated OCSP responder key (RFC 6960 §4.2.2.2) is used for
     * the CA's responses and cannot be deleted while it is current.
     */
    void bindResponder(String keyId, String caId);

    /** In the caller's transaction: a retired responder key is unbound and deleted, so it can sign nothing more. */
    void deleteResponder(String keyId, String caId);
}
