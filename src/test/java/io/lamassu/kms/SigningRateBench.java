package io.lamassu.kms;

import io.lamassu.crypto.BouncyCastle;
import io.lamassu.testkit.TestApp;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signing rate through {@link KmsService#contentSigner} (a new ContentSigner per signature, as the
 * CA uses it) against a bare Bouncy Castle Signature and a JcaContentSignerBuilder per signature.
 * Run: {@code mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * io.lamassu.kms.SigningRateBench [seconds] [threads]}.
 */
public final class SigningRateBench {
    private static final byte[] TBS = new byte[400];

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (TestApp app = TestApp.sqlite()) {
            KmsService kms = app.app().kms();
            String p256 = kms.createKey(new CreateKeyRequest("ECDSA", 256, null, "", null, null)).keyId();
            KeyPair kp = kms.generateEphemeral("ECDSA", 256);
            Op viaKms = () -> sign(kms.contentSigner(p256));
            Op viaBuilder = () -> sign(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.PROVIDER)
                    .build(kp.getPrivate()));
            Op bare = () -> {
                Signature s = Signature.getInstance("SHA256withECDSA", BouncyCastle.PROVIDER);
                s.initSign(kp.getPrivate());
                s.update(TBS);
                s.sign();
            };
            warm(viaKms);
            warm(viaBuilder);
            warm(bare);
            // Interleaved rounds, so that load from other processes hits every variant alike.
            for (int round = 1; round <= 3; round++) {
                run("round " + round + " P-256 kms.contentSigner", seconds, threads, viaKms);
                run("round " + round + " P-256 JcaContentSignerBuilder per signature", seconds, threads, viaBuilder);
                run("round " + round + " P-256 bare BC Signature", seconds, threads, bare);
            }
            for (String[] spec : new String[][] {{"Ed25519", "0"}, {"RSA", "2048"}}) {
                String id = kms.createKey(new CreateKeyRequest(spec[0], Integer.parseInt(spec[1]), null, "", null, null))
                        .keyId();
                Op op = () -> sign(kms.contentSigner(id));
                warm(op);
                run(spec[0] + " kms.contentSigner", seconds, threads, op);
            }
        }
    }

    private static void warm(Op op) throws Exception {
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
    }

    private static void sign(ContentSigner signer) throws Exception {
        try (OutputStream out = signer.getOutputStream()) {
            out.write(TBS);
        }
        signer.getSignature();
    }

    interface Op {
        void run() throws Exception;
    }

    private static void run(String name, int seconds, int threads, Op op) throws Exception {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.printf("%-52s threads=%d  %,10.0f signatures/s%n", name, threads, count.get() / (double) seconds);
    }
}
