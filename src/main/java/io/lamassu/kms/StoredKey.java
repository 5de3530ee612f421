package io.lamassu.kms;

/**
 * A key row: the public {@link Key} plus the engine's sealed private key (for the software engine,
 * AES-256-GCM ciphertext; never plaintext). {@code sealedPrivateKey} is null for public-only keys.
 */
public record StoredKey(Key key, byte[] sealedPrivateKey) {
    @Override
    public String toString() {
        return "StoredKey[" + key.keyId() + "]";
    }
}
