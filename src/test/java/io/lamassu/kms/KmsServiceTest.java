package io.lamassu.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.Application;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.crypto.KeyIds;
import io.lamassu.kms.internal.MasterKey;
import io.lamassu.testkit.TestApp;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The in-process API the CA uses, plus what must hold at rest. */
class KmsServiceTest {

    private static X509Certificate selfSigned(ContentSigner signer, PublicKey key, TestApp app) throws Exception {
        var now = app.clock().instant();
        X509CertificateHolder h = new JcaX509v3CertificateBuilder(new X500Name("CN=t"), BigInteger.ONE,
                java.util.Date.from(now), java.util.Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=t"), key)
                .build(signer);
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    @ParameterizedTest
    @CsvSource({"RSA,2048,SHA256WITHRSA", "ECDSA,256,SHA256WITHECDSA", "ECDSA,384,SHA384WITHECDSA",
            "ECDSA,521,SHA512WITHECDSA", "Ed25519,0,ED25519"})
    void contentSignerUsesTheDefaultAlgorithmPerKey(String algorithm, int size, String sigAlg) throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            KmsService kms = app.app().kms();
            Key key = kms.createKey(new CreateKeyRequest(algorithm, size, null, "ca", null, null));
            X509Certificate cert = selfSigned(kms.contentSigner(key.keyId()), kms.publicKey(key.keyId()), app);
            // Verified by the JDK's providers, independent of the signing path.
            cert.verify(kms.publicKey(key.keyId()));
            assertThat(cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT)).isEqualTo(sigAlg);
            assertThat(KeyIds.keyId(cert.getPublicKey())).isEqualTo(key.keyId());
        }
    }

    @Test
    void contentSignersAreSafeAcrossThreadsAndReusable() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            KmsService kms = app.app().kms();
            String id = kms.createKey(new CreateKeyRequest("ECDSA", 256, null, "", null, null)).keyId();
            PublicKey pub = kms.publicKey(id);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<X509Certificate>> certs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    certs.add(pool.submit(() -> selfSigned(kms.contentSigner(id), pub, app)));
                }
                for (Future<X509Certificate> f : certs) {
                    f.get().verify(pub);
                }
            } finally {
                pool.shutdown();
            }
            ContentSigner used = kms.contentSigner(id);
            selfSigned(used, pub, app);
            assertThatThrownBy(() -> used.getSignature()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void keysSurviveARestartAndAWrongMasterKeyStopsStartup() throws Exception {
        TestApp app = TestApp.sqlite();
        String id;
        byte[] pkcs8;
        try (app) {
            KmsService kms = app.app().kms();
            KeyPair imported = TestKeys.ec("secp256r1");
            pkcs8 = imported.getPrivate().getEncoded();
            id = kms.importKey(new ImportKeyRequest(TestKeys.pkcs8Pem(imported.getPrivate()), null, "x", null, null))
                    .keyId();
            byte[] stored = app.app().jdbc().queryOne("SELECT private_key FROM kms_keys WHERE key_id = ?",
                    rs -> rs.getBytes(1), id).orElseThrow();
            assertThat(indexOf(stored, java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length))).isNegative();
            assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        }
        try (Application again = Application.start(app.app().config(), app.clock())) {
            X509Certificate cert = selfSigned(again.kms().contentSigner(id), again.kms().publicKey(id), app);
            cert.verify(again.kms().publicKey(id));
        }
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.writeString(app.dataDir().resolve(MasterKey.FILE), Base64.getEncoder().encodeToString(other));
        assertThatThrownBy(() -> Application.start(app.app().config(), app.clock()))
                .hasMessageContaining("does not match the key store");
    }

    @Test
    void ephemeralKeysAreNotStoredAndBoundKeysCannotBeDeleted() {
        try (TestApp app = TestApp.sqlite()) {
            KmsService kms = app.app().kms();
            KeyPair eph = kms.generateEphemeral("ECDSA", 384);
            assertThatThrownBy(() -> kms.get(KeyIds.keyId(eph.getPublic())))
                    .isInstanceOfSatisfying(LamassuException.class, e -> assertThat(e.code()).isEqualTo("KEY_NOT_FOUND"));
            Key k = kms.createKey(new CreateKeyRequest("ECDSA", 256, null, "", null, null));
            kms.patchMetadata(k.keyId(), List.of(new JsonPatches.PatchOp("add", "/" + KmsService.BOUND_RESOURCES
                    .replace("/", "~1"), null, List.of(Map.of("resource_type", "certificate", "resource_id", "01")))));
            assertThatThrownBy(() -> kms.delete(k.keyId()))
                    .isInstanceOfSatisfying(LamassuException.class, e -> assertThat(e.code()).isEqualTo("KEY_IN_USE"));
            assertThat(kms.get(k.keyId())).isNotNull();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
