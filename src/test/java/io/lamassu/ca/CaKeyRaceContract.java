package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.csr;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.audit.AuditTrail;
import io.lamassu.ca.internal.KmsCaKeys;
import io.lamassu.ca.storage.JdbcCaRepository;
import io.lamassu.ca.storage.JdbcCertificateRepository;
import io.lamassu.ca.storage.JdbcProfileRepository;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.SerialNumbers;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.storage.Jdbc;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * CA keys under races (issue 7, defects 5 and 6), on SQLite and PostgreSQL: concurrent creations
 * of one CA id leave one CA and one key; a key a CA uses cannot be deleted, also when the delete
 * races the CA's creation. "Orphan" is judged independently of the binding table: every key in
 * the KMS not made directly through the KMS API must be the key of a CA certificate.
 */
abstract class CaKeyRaceContract {
    static final String KEYS = "/api/kms/v1/keys";
    static final int RACERS = 6;
    static TestApp app;
    static CaApi api;

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void racingCreatesOfOneIdLeaveOneCaOneKeyAndNoOrphan() throws Exception {
        // Every racer generates its key and signs before any of them opens its transaction, so all
        // pass the early "already exists?" check and the database's unique key has to decide.
        CyclicBarrier allHaveKeys = new CyclicBarrier(RACERS);
        CaService racing = new CaService(dependencies(new BarrierKeys(new KmsCaKeys(app.app().kms()), allHaveKeys,
                null)));
        String id = unique("raced");
        List<Object> outcomes = runTogether(RACERS, i -> racing.create(request(id, null)));
        assertThat(outcomes.stream().filter(CertificateAuthority.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof LamassuException e
                && e.code().equals("CA_ALREADY_EXISTS") && e.kind().httpStatus() == 409)).hasSize(RACERS - 1);
        assertThat(keysNamed("Key For CA CN=" + id)).containsExactly(caKeyId(api.ca(id)));
        assertThat(orphanKeys()).isEmpty();
    }

    @Test
    void racingHttpCreatesAnswerOne201AndOtherwise409() throws Exception {
        String id = unique("raced-http");
        List<Object> outcomes = runTogether(RACERS, i -> api.admin.post(BASE + "/cas",
                CaApi.caBody(id, null, id, "device-profile")));
        List<Integer> statuses = outcomes.stream().map(o -> ((TestHttp.Response) o).status()).toList();
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        outcomes.stream().map(TestHttp.Response.class::cast).filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.json().get("code").asText()).isEqualTo("CA_ALREADY_EXISTS"));
        assertThat(keysNamed("Key For CA CN=" + id)).containsExactly(caKeyId(api.ca(id)));
        assertThat(orphanKeys()).isEmpty();
    }

    @Test
    void racingReissuesWithNewKeysLeaveOneNewCertificateOneNewKeyAndNoOrphan() throws Exception {
        // Every racer generates its new key and signs before any opens its transaction: the
        // conditional update of the CA's certificate decides, and the losers' keys are never written.
        String id = unique("rotated");
        String oldKey = caKeyId(api.createCa(id, null, "device-profile"));
        CyclicBarrier allHaveKeys = new CyclicBarrier(RACERS);
        CaService racing = new CaService(dependencies(new BarrierKeys(new KmsCaKeys(app.app().kms()), allHaveKeys,
                null)));
        ReissueCaRequest newKey = new ReissueCaRequest(null, null, null, true, null, null);
        List<Object> outcomes = runTogether(RACERS, i -> racing.reissue(id, newKey));
        assertThat(outcomes.stream().filter(CertificateAuthority.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof LamassuException e
                && e.code().equals("CA_CHANGED_CONCURRENTLY") && e.kind().httpStatus() == 409))
                .hasSize(RACERS - 1);
        String currentKey = caKeyId(api.ca(id));
        assertThat(currentKey).isNotEqualTo(oldKey);
        String cn = api.ca(id).get("certificate").get("subject").get("common_name").asText();
        assertThat(keysNamed("Key For CA CN=" + cn))
                .containsExactlyInAnyOrder(oldKey, currentKey);
        assertThat(api.events("ca.reissue", "ca/" + id)).isEqualTo(1);
        assertThat(orphanKeys()).isEmpty();
        // Both keys stay bound: the old one still signs CRLs and OCSP answers for what it issued.
        assertError(api.admin.delete(KEYS + "/" + oldKey), 409, "KEY_IN_USE");
        assertError(api.admin.delete(KEYS + "/" + currentKey), 409, "KEY_IN_USE");
    }

    @Test
    void aKeyInUseByACaCannotBeDeletedUntilTheCaIsGone() {
        String generated = unique("keyed");
        String keyId = caKeyId(api.createCa(generated, null, "device-profile"));
        assertError(api.admin.delete(KEYS + "/" + keyId), 409, "KEY_IN_USE");
        String standalone = standaloneKey();
        String reusing = unique("reusing");
        Map<String, Object> body = CaApi.caBody(reusing, null, reusing, "device-profile");
        body.put("key_metadata", Map.of("key_id", standalone));
        assertThat(api.admin.post(BASE + "/cas", body).status()).isEqualTo(201);
        assertError(api.admin.delete(KEYS + "/" + standalone), 409, "KEY_IN_USE");
        api.signOk(generated, csr("still-signs"), "device-profile");
        api.signOk(reusing, csr("still-signs"), "device-profile");

        assertThat(api.admin.post(BASE + "/cas/" + reusing + "/status", Map.of("status", "REVOKED",
                "revocation_reason", "KeyCompromise")).status()).isEqualTo(201);
        assertThat(api.admin.delete(BASE + "/cas/" + reusing).status()).isEqualTo(200);
        assertThat(api.admin.delete(KEYS + "/" + standalone).status()).isEqualTo(200);
    }

    @Test
    void aFailedImportWithAKeyLeavesNoKey() {
        // The CA certificate is already stored as a plain certificate: the import fails inside its transaction.
        java.security.KeyPair kp = TestKeys.generate("ECDSA", 256);
        var root = TestCertificates.selfSignedCa("CN=" + unique("imp"), kp);
        assertThat(api.admin.post(BASE + "/certificates/import", Map.of("certificate", Certificates.base64Pem(root)))
                .status()).isEqualTo(201);
        String pem = io.lamassu.crypto.Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded());
        TestHttp.Response r = api.admin.post(BASE + "/cas/import", Map.of("id", unique("imp"), "ca",
                Certificates.base64Pem(root), "private_key", pem, "profile_id", "device-profile"));
        assertError(r, 409, "CERTIFICATE_ALREADY_EXISTS");
        String keyId = Certificates.keyId(root.getSubjectPublicKeyInfo());
        assertThat(api.viewer.get(KEYS + "/" + keyId).status()).isEqualTo(404);
        assertThat(orphanKeys()).isEmpty();
    }

    @Test
    void deletingAKeyWhileACaIsCreatedWithItNeverLeavesACaWithoutItsKey() throws Exception {
        int[] wins = new int[2];
        for (int round = 0; round < 12; round++) {
            String key = standaloneKey();
            String ca = unique("contested");
            // The delete starts once the creation has found the key, so both run their remaining work together.
            java.util.concurrent.CountDownLatch found = new java.util.concurrent.CountDownLatch(1);
            CaService creating = new CaService(dependencies(new BarrierKeys(new KmsCaKeys(app.app().kms()), null,
                    found)));
            List<Object> out = runTogether(2, i -> {
                if (i == 0) {
                    return creating.create(request(ca, key));
                }
                found.await(30, TimeUnit.SECONDS);
                return api.admin.delete(KEYS + "/" + key);
            });
            TestHttp.Response deleted = (TestHttp.Response) out.get(1);
            if (out.get(0) instanceof CertificateAuthority) {
                assertError(deleted, 409, "KEY_IN_USE");
                api.signOk(ca, csr("after-race"), "device-profile");
                wins[0]++;
            } else {
                assertThat(out.get(0)).isInstanceOfSatisfying(LamassuException.class,
                        e -> assertThat(e.code()).isEqualTo("KEY_NOT_FOUND"));
                assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
                assertThat(api.viewer.get(BASE + "/cas/" + ca).status()).isEqualTo(404);
                wins[1]++;
            }
        }
        System.out.printf("key delete vs CA create: CA won %d, delete won %d%n", wins[0], wins[1]);
    }

    // ---- helpers ----

    @Test
    void aRevocationCommittedWhileAReissueGeneratesItsKeyIsNotUndone() {
        String id = unique("reissue-revoked");
        String serial = api.createCa(id, null, "device-profile").get("serial_number").asText();
        long keys = app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys");
        CaService reissuing = new CaService(dependencies(hooked("generate", () -> assertThat(api.admin.post(
                BASE + "/cas/" + id + "/status", Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"))
                .status()).isEqualTo(201))));
        assertReissueRefused(reissuing, id, true, "CA_NOT_ACTIVE");
        JsonNode ca = api.ca(id).get("certificate");
        String current = api.ca(id).get("serial_number").asText();
        assertThat(ca.get("status").asText()).isEqualTo("REVOKED");
        assertThat(current).isEqualTo(serial);
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys")).isEqualTo(keys);
        assertThat(orphanKeys()).isEmpty();
    }

    @Test
    void aHoldOfTheParentCommittedWhileASubCaIsReissuedIsNotBypassed() {
        String parent = unique("reissue-held-parent");
        api.createCa(parent, null, "device-profile");
        String sub = unique("reissue-held-sub");
        String serial = api.createCa(sub, parent, "device-profile").get("serial_number").asText();
        CaService reissuing = new CaService(dependencies(hooked("find", () -> assertThat(api.admin.post(
                BASE + "/cas/" + parent + "/status", Map.of("status", "REVOKED", "revocation_reason",
                        "CertificateHold")).status()).isEqualTo(201))));
        assertReissueRefused(reissuing, sub, false, "CA_NOT_ACTIVE");
        assertThat(api.ca(sub).get("serial_number").asText()).isEqualTo(serial);
        assertThat(api.ca(parent).get("certificate").get("revocation_reason").asText()).isEqualTo("CertificateHold");
    }

    @Test
    void aHoldCommittedWhileAReissueSignsIsNotReleased() {
        String id = unique("reissue-held");
        api.createCa(id, null, "device-profile");
        CaService reissuing = new CaService(dependencies(hooked("find", () -> assertThat(api.admin.post(
                BASE + "/cas/" + id + "/status", Map.of("status", "REVOKED", "revocation_reason", "CertificateHold"))
                .status()).isEqualTo(201))));
        assertReissueRefused(reissuing, id, false, "CA_NOT_ACTIVE");
        assertThat(api.ca(id).get("certificate").get("status").asText()).isEqualTo("REVOKED");
        assertThat(api.events("ca.reissue", "ca/" + id)).isZero();
    }

    static void assertReissueRefused(CaService service, String id, boolean newKey, String code) {
        ReissueCaRequest request = newKey ? new ReissueCaRequest(null, null, null, true, null, null)
                : ReissueCaRequest.DEFAULTS;
        assertThatThrownBy(() -> service.reissue(id, request)).isInstanceOfSatisfying(LamassuException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    /**
     * The KMS adapter; the first call of {@code method} runs {@code step} first: a reissue calls it
     * after its early checks and before its transaction, which is where a concurrent request lands.
     */
    static CaKeys hooked(String method, Runnable step) {
        CaKeys delegate = new KmsCaKeys(app.app().kms());
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        return (CaKeys) java.lang.reflect.Proxy.newProxyInstance(CaKeys.class.getClassLoader(),
                new Class<?>[] {CaKeys.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method) && once.compareAndSet(false, true)) {
                        step.run();
                    }
                    try {
                        return m.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static CaDependencies dependencies(CaKeys keys) {
        Jdbc jdbc = app.app().jdbc();
        var clock = app.clock();
        return CaDependencies.of(new JdbcCertificateRepository(jdbc), new JdbcCaRepository(jdbc),
                new JdbcProfileRepository(jdbc, clock), keys, new CaDependencies.Platform(
                        new OutboxEventPublisher(jdbc, clock, "test", app.app().outboxRelay()),
                        new AuditTrail(jdbc, clock), clock, new SerialNumbers(new SecureRandom()),
                        "http://127.0.0.1"));
    }

    static CreateCaRequest request(String id, String keyId) {
        return new CreateCaRequest(id, null, DistinguishedName.ofCommonName(id),
                new CreateCaRequest.KeyMetadata("ECDSA", 256, keyId),
                new IssuanceProfile.Validity("Duration", "5y", null), "device-profile", "", Map.of(), null, null);
    }

    /** Runs {@code n} calls at once; each result is the value returned or the exception thrown. */
    static List<Object> runTogether(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Object>) () -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        return task.run(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface Task {
        Object run(int index) throws Exception;
    }

    static String standaloneKey() {
        TestHttp.Response r = api.admin.post(KEYS, Map.of("algorithm", "ECDSA", "size", 256,
                "name", "standalone-" + unique("k")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key_id").asText();
    }

    static String caKeyId(JsonNode ca) {
        return Certificates.keyId(Certificates.parse(ca.get("certificate").get("certificate").asText(), "TEST")
                .getSubjectPublicKeyInfo());
    }

    static List<String> keysNamed(String name) {
        return app.app().jdbc().query("SELECT key_id FROM kms_keys WHERE name = ?", rs -> rs.getString(1), name);
    }

    /** Keys not made through the KMS API whose public key is no CA's: what a failed creation used to leave. */
    static List<String> orphanKeys() {
        Set<String> caKeys = new HashSet<>();
        TestHttp.Response cas = api.viewer.get(BASE + "/cas?page_size=1000");
        cas.json().get("list").forEach(ca -> caKeys.add(caKeyId(ca)));
        // Certificates a reissue replaced keep their key (what they issued is still answered for).
        api.viewer.get(BASE + "/certificates?filter=is_ca[eq]true&page_size=1000").json().get("list")
                .forEach(c -> caKeys.add(Certificates.keyId(Certificates.parse(c.get("certificate").asText(), "TEST")
                        .getSubjectPublicKeyInfo())));
        List<String> out = new ArrayList<>();
        api.viewer.get(KEYS + "?page_size=1000").json().get("list").forEach(k -> {
            if (!k.get("name").asText().startsWith("standalone-") && !caKeys.contains(k.get("key_id").asText())) {
                out.add(k.get("key_id").asText());
            }
        });
        return out;
    }

    /**
     * The KMS adapter with two hooks: after generating, wait until every racer holds a generated
     * key ({@code generated}); after finding an existing key, signal {@code found}.
     */
    record BarrierKeys(CaKeys delegate, CyclicBarrier generated, java.util.concurrent.CountDownLatch found)
            implements CaKeys {
        @Override
        public NewKey generate(String type, int bits, String engineId, String name) {
            NewKey key = delegate.generate(type, bits, engineId, name);
            try {
                generated.await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return key;
        }

        @Override
        public NewKey parse(String privateKeyPem, String engineId, String name) {
            return delegate.parse(privateKeyPem, engineId, name);
        }

        @Override
        public void store(NewKey key) {
            delegate.store(key);
        }

        @Override
        public void bind(String keyId, String caId) {
            delegate.bind(keyId, caId);
        }

        @Override
        public void unbind(String keyId, String caId) {
            delegate.unbind(keyId, caId);
        }

        @Override
        public Optional<KeyRef> find(String keyId) {
            Optional<KeyRef> key = delegate.find(keyId);
            if (found != null) {
                found.countDown();
            }
            return key;
        }

        @Override
        public ContentSigner signer(String keyId) {
            return delegate.signer(keyId);
        }

        @Override
        public String sign(String keyId, SignatureRequest request) {
            return delegate.sign(keyId, request);
        }

        @Override
        public boolean verify(String keyId, SignatureRequest request) {
            return delegate.verify(keyId, request);
        }

        @Override
        public void bindResponder(String keyId, String caId) {
            delegate.bindResponder(keyId, caId);
        }

        @Override
        public void deleteResponder(String keyId, String caId) {
            delegate.deleteResponder(keyId, caId);
        }
    }
}
