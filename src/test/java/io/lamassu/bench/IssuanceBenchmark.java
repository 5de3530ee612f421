package io.lamassu.bench;

import io.lamassu.ca.IssuanceProfile;
import io.lamassu.ca.ProfileRules;
import io.lamassu.ca.SignRequest;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.Csrs;
import io.lamassu.crypto.SerialNumbers;
import io.lamassu.crypto.X509Issuer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * In-process issuance rate, certificates per second, for a P-256 and an RSA-2048 issuing CA on 1
 * and 2 threads. Two levels: "service" is {@code CertificateService.sign} exactly as the REST
 * handler calls it (parse + verify CSR, profile rules, sign through the KMS, store with audit and
 * outbox event in one transaction); "crypto" is the same without storage. Every CSR carries its own
 * P-256 key. See BENCHMARKS.md for the command.
 */
public final class IssuanceBenchmark {
    static final long WARMUP_MS = Long.getLong("bench.warmupMs", 3000);
    static final long MEASURE_MS = Long.getLong("bench.measureMs", 8000);

    public static void main(String[] args) throws Exception {
        List<String> csrs = BenchServer.csrs(2000);
        try (BenchServer server = new BenchServer()) {
            for (String[] issuer : new String[][] {{"ECDSA", "256"}, {"RSA", "2048"}}) {
                if (!System.getProperty("bench.issuers", "ECDSA,RSA").contains(issuer[0])) {
                    continue;
                }
                String ca = server.createCa("bench-" + issuer[0].toLowerCase() + issuer[1], issuer[0],
                        Integer.parseInt(issuer[1]));
                for (int threads : new int[] {1, 2}) {
                    double service = run(threads, csrs, csr -> server.app.certificateService().sign(ca,
                            new SignRequest(csr, "bench", null)));
                    double crypto = run(threads, csrs, cryptoOnly(server, ca));
                    System.out.printf("issuer %-5s %4s  threads %d  service %8.0f certs/s  crypto-only %8.0f certs/s%n",
                            issuer[0], issuer[1], threads, service, crypto);
                }
            }
        }
    }

    interface Op {
        void issue(String csr) throws Exception;
    }

    /** The issuance steps without the transaction: what a certificate costs in CPU alone. */
    static Op cryptoOnly(BenchServer server, String caId) {
        var ca = server.app.caService().get(caId);
        X509CertificateHolder caCert = Certificates.parse(ca.certificate().certificate(), "X");
        String keyId = Certificates.keyId(caCert.getSubjectPublicKeyInfo());
        IssuanceProfile profile = IssuanceProfile.forCaCertificate(new IssuanceProfile.Validity("Duration", "1y", null))
                .validated("");
        IssuanceProfile leaf = new IssuanceProfile("b", "b", "", profile.validity(), false, false,
                List.of("DigitalSignature"), false, List.of("ClientAuth"), true, null, false, null).validated("b");
        SerialNumbers serials = new SerialNumbers(new SecureRandom());
        byte[] ski = Certificates.keyIdBytes(caCert.getSubjectPublicKeyInfo());
        return csr -> {
            PKCS10CertificationRequest req = Csrs.parseAndVerify(csr);
            ProfileRules.Decision d = ProfileRules.decide(leaf, req, Instant.now());
            X509CertificateHolder h = X509Issuer.issue(new X509Issuer.Spec(serials.next(), d.subject(),
                    req.getSubjectPublicKeyInfo(), caCert.getSubject(), ski, d.notBefore(), d.notAfter(), false,
                    d.keyUsage(), d.extendedKeyUsage(), null, "http://localhost:8080/ocsp",
                    "http://localhost:8080/crl/x"), server.app.kms().contentSigner(keyId));
            Certificates.base64Pem(h);
        };
    }

    static double run(int threads, List<String> csrs, Op op) throws InterruptedException {
        measure(threads, csrs, op, WARMUP_MS);
        return measure(threads, csrs, op, MEASURE_MS);
    }

    private static double measure(int threads, List<String> csrs, Op op, long millis) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 997;
            workers.add(new Thread(() -> {
                int i = offset;
                while (!stop.get()) {
                    try {
                        op.issue(csrs.get(i++ % csrs.size()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.incrementAndGet();
                }
            }));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(millis);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
