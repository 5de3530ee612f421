package io.lamassu;

import io.lamassu.common.json.Json;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.CryptoProviders;
import io.lamassu.crypto.Csrs;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.KeyAlgorithm;
import io.lamassu.crypto.Pem;
import io.lamassu.crypto.X509Issuer;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up warm-up (issue 8, ADR 0210): the signing request's CPU-bound path — CSR parsing and
 * proof-of-possession verification, certificate building and signing, PEM and JSON encoding — runs
 * on throwaway keys for a bounded time while the database migrates and the TLS material loads, so
 * the JIT has compiled it before {@code /health/ready} says ready. Nothing is stored. Bounded by
 * {@link #BUDGET} so start-up stays within its goal; a failure here is logged, never fatal.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    static final Duration BUDGET = Duration.ofMillis(Long.getLong("lamassu.warmup.millis", 1500));
    private static final int MAX_ROUNDS = 20_000;

    private Warmup() {
    }

    static void run() {
        long t0 = System.nanoTime();
        long deadline = t0 + BUDGET.toNanos();
        int rounds = 0;
        try {
            SecureRandom random = new SecureRandom();
            KeyPair ca = KeyAlgorithm.ECDSA.generate(256, random);
            X500Name caName = new X500Name("CN=warm-up CA");
            byte[] caSki = Certificates.keyIdBytes(SubjectPublicKeyInfo.getInstance(ca.getPublic().getEncoded()));
            String[] csrs = new String[4];
            for (int i = 0; i < csrs.length; i++) {
                KeyPair device = KeyAlgorithm.ECDSA.generate(256, random);
                PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                        new X500Name("CN=warm-up-" + i), device.getPublic())
                        .build(CryptoProviders.contentSigner("SHA256withECDSA", device.getPrivate()));
                csrs[i] = java.util.Base64.getEncoder().encodeToString(csr.getEncoded());
            }
            Instant now = Instant.now();
            while (rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
                PKCS10CertificationRequest csr = Csrs.parseAndVerify(csrs[rounds % csrs.length]);
                X509CertificateHolder cert = X509Issuer.issue(new X509Issuer.Spec(BigInteger.valueOf(rounds + 1L),
                        csr.getSubject(), csr.getSubjectPublicKeyInfo(), caName, caSki, now,
                        now.plus(Duration.ofDays(1)), false, List.of("DigitalSignature"), List.of("ClientAuth"), null,
                        "http://localhost/ocsp", "http://localhost/crl/warm-up"),
                        CryptoProviders.contentSigner("SHA256withECDSA", ca.getPrivate()));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("serial_number", Certificates.serial(cert));
                json.put("certificate", Pem.base64OfPem("CERTIFICATE", Certificates.der(cert)));
                json.put("subject", DistinguishedName.from(cert.getSubject()));
                json.put("key_metadata", Certificates.keyInfo(cert.getSubjectPublicKeyInfo()));
                json.put("subject_key_id", Certificates.subjectKeyId(cert));
                Json.write(json);
                rounds++;
            }
            LOG.info("warm-up: {} signing rounds in {} ms ({})", rounds, (System.nanoTime() - t0) / 1_000_000,
                    CryptoProviders.describe().get("provider"));
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("warm-up stopped after {} rounds: {}", rounds, e.toString());
        }
    }
}
