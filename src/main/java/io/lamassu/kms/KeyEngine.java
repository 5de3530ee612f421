package io.lamassu.kms;

import io.lamassu.crypto.KeyAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * Port for where private keys live. The software engine keeps them in the database sealed with
 * a master key; a PKCS#11 engine would return a handle to a token object from {@link #seal}
 * instead of ciphertext and a non-extractable key from {@link #unseal}.
 */
public interface KeyEngine {
    String id();

    EngineInfo info(boolean isDefault);

    KeyPair generate(KeyAlgorithm algorithm, int size);

    /** Opaque bytes the repository stores for this key; bound to {@code keyId}. */
    byte[] seal(String keyId, PrivateKey key);

    /** The private key back; fails (never returns a wrong key) if the bytes were altered or the master key differs. */
    PrivateKey unseal(String keyId, byte[] sealed);
}
