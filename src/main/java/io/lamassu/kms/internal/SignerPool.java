package io.lamassu.kms.internal;

import io.lamassu.crypto.CryptoProviders;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Initialised {@link Signature} objects for one key and algorithm, reused across signatures: a
 * {@link ContentSigner} borrows one when created and returns it once it has signed, so issuing a
 * certificate costs neither a provider lookup nor a key initialisation (design §8). Thread-safe;
 * a signer that is never used to sign simply drops its instance.
 */
public final class SignerPool {
    private static final int MAX_IDLE = 64;
    private final PrivateKey key;
    private final String algorithm;
    private final AlgorithmIdentifier algorithmId;
    private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

    public SignerPool(PrivateKey key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
        this.algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
        release(create());
    }

    public String algorithm() {
        return algorithm;
    }

    public ContentSigner signer() {
        Signature s = idle.poll();
        return new PooledSigner(s != null ? s : create());
    }

    private Signature create() {
        try {
            // The native provider when it takes this algorithm and key (ADR 0210), else Bouncy Castle.
            return CryptoProviders.signer(algorithm, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + algorithm + " using this key", e);
        }
    }

    private void release(Signature s) {
        if (idle.size() < MAX_IDLE) {
            idle.offer(s);
        }
    }

    private final class PooledSigner implements ContentSigner {
        private final Signature signature;
        private final OutputStream out;
        private boolean done;

        PooledSigner(Signature signature) {
            this.signature = signature;
            this.out = new OutputStream() {
                @Override
                public void write(int b) {
                    update(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    update(b, off, len);
                }
            };
        }

        private void update(byte[] b, int off, int len) {
            try {
                signature.update(b, off, len);
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("signature update failed", e);
            }
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithmId;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public byte[] getSignature() {
            if (done) {
                throw new IllegalStateException("this ContentSigner has already signed; ask the KMS for a new one");
            }
            done = true;
            try {
                // sign() resets the Signature to its initialised state, so it can go back to the pool.
                byte[] sig = signature.sign();
                release(signature);
                return sig;
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("signing failed", e);
            }
        }
    }
}
