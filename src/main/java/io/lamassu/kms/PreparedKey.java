package io.lamassu.kms;

import io.lamassu.crypto.KeyAlgorithm;
import io.lamassu.kms.internal.SignerPool;
import java.security.KeyPair;
import org.bouncycastle.operator.ContentSigner;

/**
 * A key generated (or parsed) and sealed, but not stored: {@link KmsService#store} writes it, in
 * the caller's transaction when there is one. A caller that must create a key together with its
 * own rows (a CA and its key) prepares the key first (CPU work, outside any transaction), signs
 * with {@link #signer()}, and stores the key in the same transaction as its rows, so a failed or
 * interrupted creation leaves no key behind.
 */
public final class PreparedKey {
    private final String action;
    private final Key key;
    private final byte[] sealed;
    private final KeyPair pair;

    PreparedKey(String action, Key key, byte[] sealed, KeyPair pair) {
        this.action = action;
        this.key = key;
        this.sealed = sealed;
        this.pair = pair;
    }

    public Key key() {
        return key;
    }

    /** A signer with the key's default algorithm, usable before the key is stored. */
    public ContentSigner signer() {
        KeyAlgorithm algorithm = KeyAlgorithm.of(pair.getPublic());
        int size = KeyAlgorithm.sizeOf(pair.getPublic());
        return new SignerPool(pair.getPrivate(), algorithm.defaultSignatureAlgorithm(size)).signer();
    }

    String action() {
        return action;
    }

    byte[] sealed() {
        return sealed;
    }

    KeyPair pair() {
        return pair;
    }

    @Override
    public String toString() {
        return "PreparedKey[" + key.keyId() + "]";
    }
}
