package io.lamassu.va;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Delegated OCSP responders (RFC 6960 §4.2.2.2) against a running server: openssl accepts them with
 * only the CA certificate as trust anchor, renewal follows the injected clock, turning them off
 * and revoking the CA go back to the CA key, pre-signed answers never come from a retired signer,
 * and the va.role.* events commit with their change only. The VA job is run directly (runOnce).
 */
abstract class VaDelegatedResponderContract {
    static final String ROLES = "/api/va/v1/roles/";
    static final String CREATED = "va.role.ocsp.signer.create";
    static final String RETIRED = "va.role.ocsp.signer.retire";
    static TestApp app;
    static CaApi api;
    static Openssl ssl;
    static final HttpClient RAW = HttpClient.newHttpClient();

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("dr-device", "1y");
        ssl = Openssl.inTempDir();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A new root CA issuing devices directly, written to {@code <id>.pem}. */
    record Ca(String id, X509CertificateHolder cert, String ski) {
    }

    static Ca newCa(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        api.createCa(id, null, "dr-device");
        String pem = api.ca(id).get("certificate").get("certificate").asText();
        ssl.writeCertificate(id + ".pem", pem);
        X509CertificateHolder cert = io.lamassu.crypto.Certificates.parse(pem, "X");
        return new Ca(id, cert, io.lamassu.crypto.Certificates.subjectKeyId(cert));
    }

    static String device(Ca ca, String name) {
        String csr = ssl.deviceCsrBase64Der(name, "/CN=" + name);
        JsonNode cert = api.signOk(ca.id(), csr, "dr-device");
        ssl.writeCertificate(name + ".pem", cert.get("certificate").asText());
        return cert.get("serial_number").asText();
    }

    static JsonNode putRole(Ca ca, Map<String, Object> body) {
        TestHttp.Response r = api.admin.put(ROLES + ca.ski(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode delegated(Ca ca, boolean enabled, String validity) {
        return putRole(ca, Map.of("ocsp_options", Map.of("delegated_signer", Map.of("enabled", enabled,
                "validity", validity))));
    }

    /**
     * The role's current responder certificate (null: none), after the VA job ran. Read from the
     * service, not the API: tests move the clock past the lifetime of API tokens.
     */
    static X509CertificateHolder responder(Ca ca) {
        app.app().va().runOnce();
        return app.app().va().roles().responder(ca.ski()).map(d -> {
            try {
                return new X509CertificateHolder(d.der());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElse(null);
    }

    static byte[] request(Ca ca, String serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), ca.cert(), new BigInteger(serial, 16));
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    static BasicOCSPResp post(byte[] req) throws Exception {
        HttpResponse<byte[]> r = RAW.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/ocsp"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(), HttpResponse.BodyHandlers.ofByteArray());
        OCSPResp resp = new OCSPResp(r.body());
        assertThat(resp.getStatus()).isZero();
        return (BasicOCSPResp) resp.getResponseObject();
    }

    static RespID byKey(X509CertificateHolder c) throws Exception {
        return new RespID(new ResponderID(new DEROctetString(MessageDigest.getInstance("SHA-1")
                .digest(c.getSubjectPublicKeyInfo().getPublicKeyData().getBytes()))));
    }

    /** Signed by {@code signer}, named by its key, and carrying {@code certs} (the responder's, or none). */
    static void assertSignedBy(BasicOCSPResp resp, X509CertificateHolder signer, boolean delegated) throws Exception {
        assertThat(resp.getResponderId()).isEqualTo(byKey(signer));
        assertThat(resp.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        if (delegated) {
            assertThat(resp.getCerts()).containsExactly(signer);
        } else {
            assertThat(resp.getCerts()).isEmpty();
        }
    }

    static long events(String type, Ca ca) {
        return api.events(type, "crl/" + ca.ski());
    }

    @Test
    void opensslVerifiesDelegatedAnswersForGoodAndRevokedWithOnlyTheCaAsTrustAnchor() throws Exception {
        Ca ca = newCa("dr-openssl");
        String good = "dr-good-" + UUID.randomUUID().toString().substring(0, 6);
        String bad = "dr-bad-" + UUID.randomUUID().toString().substring(0, 6);
        device(ca, good);
        String badSerial = device(ca, bad);
        JsonNode role = delegated(ca, true, "1w");
        assertThat(role.at("/ocsp_options/delegated_signer/enabled").asBoolean()).isTrue();
        assertThat(role.at("/ocsp_options/delegated_signer/validity").asText()).isEqualTo("1w");
        X509CertificateHolder r = responder(ca);
        assertThat(r).isNotNull();
        java.nio.file.Files.write(ssl.dir().resolve(ca.id() + "-responder.pem"), io.lamassu.crypto.Pem.encode("CERTIFICATE",
                r.getEncoded()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(ssl.run("openssl x509 -in " + ca.id() + "-responder.pem -noout -text")).contains("OCSP Signing",
                "OCSP No Check", "Digital Signature", "CA:FALSE", "OCSP Responder").doesNotContain("OCSP - URI");
        assertThat(ExtendedKeyUsage.fromExtensions(r.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning))
                .isTrue();
        assertThat(r.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck)).isNotNull();
        assertThat(r.getIssuer()).isEqualTo(ca.cert().getSubject());
        assertThat(r.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.cert()))).isTrue();

        String base = "openssl ocsp -issuer " + ca.id() + ".pem -url " + app.httpBase() + "/ocsp -CAfile " + ca.id()
                + ".pem -resp_text -cert ";
        String keyHash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(r.getSubjectPublicKeyInfo().getPublicKeyData().getBytes()));
        assertThat(ssl.run(base + good + ".pem 2>&1")).contains("Response verify OK", good + ".pem: good",
                "Responder Id: " + keyHash, "OCSP Nonce");
        assertThat(ssl.run(base + good + ".pem -no_nonce 2>&1")).contains("Response verify OK", good + ".pem: good");
        api.setStatus(api.admin, badSerial, "REVOKED", "KeyCompromise");
        assertThat(ssl.run(base + bad + ".pem -no_nonce 2>&1")).contains("Response verify OK", bad + ".pem: revoked",
                "Reason: keyCompromise", "Responder Id: " + keyHash);
        assertSignedBy(post(request(ca, badSerial)), r, true);
    }

    @Test
    void renewalFollowsTheClockAndAnswersSwitchToTheNewResponderWhileTheCacheNeverServesARetiredOne()
            throws Exception {
        Ca ca = newCa("dr-renew");
        try {
            renewAndSwitch(ca);
        } finally {
            app.clock().set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    private static void renewAndSwitch(Ca ca) throws Exception {
        String serial = device(ca, "dr-renew-" + UUID.randomUUID().toString().substring(0, 6));
        delegated(ca, true, "9h");
        X509CertificateHolder first = responder(ca);
        byte[] req = request(ca, serial);
        assertSignedBy(post(req), first, true);
        assertSignedBy(post(req), first, true); // now pre-signed
        assertThat(responder(ca)).as("not due yet").isEqualTo(first);

        // A longer lifetime waits for the renewal; a shorter one replaces the responder at once, and the
        // cached answer signed by the retired one is not served any more.
        delegated(ca, true, "12h");
        assertThat(responder(ca)).isEqualTo(first);
        delegated(ca, true, "6h");
        X509CertificateHolder second = responder(ca);
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertSignedBy(post(req), second, true);

        // Renewal when less than a third of its lifetime remains (notBefore is 5 min back-dated).
        Duration life = Duration.between(second.getNotBefore().toInstant(), second.getNotAfter().toInstant());
        app.clock().set(second.getNotBefore().toInstant().plus(life.multipliedBy(2).dividedBy(3)).minusSeconds(60));
        assertThat(responder(ca)).isEqualTo(second);
        app.clock().advance(Duration.ofMinutes(2));
        X509CertificateHolder third = responder(ca);
        assertThat(third.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
        BasicOCSPResp after = post(req);
        assertSignedBy(after, third, true);
        assertThat(after.getResponses()[0].getNextUpdate().toInstant()).isBeforeOrEqualTo(
                third.getNotAfter().toInstant());
        app.clock().set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(events(CREATED, ca)).isEqualTo(3);
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM va_ocsp_responders WHERE ca_ski = '" + ca.ski()
                + "' AND retired_at IS NOT NULL")).isEqualTo(2);
        assertThat(api.admin.get("/api/kms/v1/keys/" + io.lamassu.crypto.Certificates.keyId(
                first.getSubjectPublicKeyInfo())).status()).as("a retired responder's key is deleted").isEqualTo(404);
        assertThat(api.admin.get("/api/kms/v1/keys/" + io.lamassu.crypto.Certificates.keyId(
                third.getSubjectPublicKeyInfo())).status()).isEqualTo(200);

        // Off: the CA key signs again at once, the pre-signed delegated answer included.
        delegated(ca, false, "9h");
        assertSignedBy(post(req), ca.cert(), false);
        assertThat(responder(ca)).isNull();
        assertThat(events(RETIRED, ca)).isEqualTo(1);
    }

    @Test
    void revokingTheCaRetiresItsResponderInTheSameTransactionAndNoneIsIssuedWhileItIsRevoked() throws Exception {
        Ca ca = newCa("dr-revoke");
        String serial = device(ca, "dr-rev-" + UUID.randomUUID().toString().substring(0, 6));
        delegated(ca, true, "1w");
        X509CertificateHolder r = responder(ca);
        byte[] req = request(ca, serial);
        assertSignedBy(post(req), r, true);
        TestHttp.Response revoked = api.admin.post(CaApi.BASE + "/cas/" + ca.id() + "/status",
                Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
        assertThat(events(RETIRED, ca)).isEqualTo(1);
        BasicOCSPResp after = post(req);
        assertThat(after.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertSignedBy(after, ca.cert(), false);
        assertThat(responder(ca)).isNull();
        app.clock().advance(Duration.ofHours(1));
        assertThat(responder(ca)).as("a revoked CA issues no responder").isNull();
        app.clock().advance(Duration.ofHours(-1));
        assertThat(events(CREATED, ca)).isEqualTo(1);
    }

    @Test
    void holdingTheCaRetiresItsResponderAndReleasingItIssuesANewOne() throws Exception {
        Ca ca = newCa("dr-hold");
        String serial = device(ca, "dr-hold-dev-" + UUID.randomUUID().toString().substring(0, 6));
        delegated(ca, true, "1w");
        X509CertificateHolder before = responder(ca);
        String status = CaApi.BASE + "/cas/" + ca.id() + "/status";
        assertThat(api.admin.post(status, Map.of("status", "REVOKED", "revocation_reason", "CertificateHold"))
                .status()).isEqualTo(201);
        assertThat(events(RETIRED, ca)).isEqualTo(1);
        assertThat(post(request(ca, serial)).getResponderId()).isEqualTo(byKey(ca.cert()));
        assertThat(responder(ca)).as("none while the CA is on hold").isNull();
        assertThat(api.admin.post(status, Map.of("status", "ACTIVE")).status()).isEqualTo(201);
        X509CertificateHolder after = responder(ca);
        assertThat(after).isNotNull();
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertSignedBy(post(request(ca, serial)), after, true);
        assertThat(events(CREATED, ca)).isEqualTo(2);
    }

    @Test
    void aResponderNeverOutlivesItsCaAndIsRetiredWithItsKeyWhenItCannotBeRenewed() throws Exception {
        String id = "dr-short-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new java.util.LinkedHashMap<>(CaApi.caBody(id, null, id, "dr-device"));
        body.put("ca_expiration", Map.of("type", "Duration", "duration", "2d"));
        assertThat(api.admin.post(CaApi.BASE + "/cas", body).status()).isEqualTo(201);
        String pem = api.ca(id).get("certificate").get("certificate").asText();
        X509CertificateHolder caCert = io.lamassu.crypto.Certificates.parse(pem, "X");
        Ca ca = new Ca(id, caCert, io.lamassu.crypto.Certificates.subjectKeyId(caCert));
        String serial = device(ca, "dr-short-dev-" + UUID.randomUUID().toString().substring(0, 6));
        delegated(ca, true, "1w");
        X509CertificateHolder r = responder(ca);
        assertThat(r.getNotAfter()).isEqualTo(caCert.getNotAfter());
        String keyId = io.lamassu.crypto.Certificates.keyId(r.getSubjectPublicKeyInfo());
        try {
            app.clock().set(caCert.getNotAfter().toInstant().plusSeconds(60));
            assertThat(responder(ca)).isNull();
            assertThat(events(RETIRED, ca)).isEqualTo(1);
            assertThat(post(request(ca, serial)).getResponderId()).isEqualTo(byKey(caCert));
        } finally {
            app.clock().set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(api.admin.get("/api/kms/v1/keys/" + keyId).status()).isEqualTo(404);
    }

    @Test
    void roleEventsCommitWithTheirChangeAndBadInputIsRefusedWithoutOne() {
        Ca ca = newCa("dr-events");
        assertThat(events("va.role.crl.init", ca)).isEqualTo(1);
        app.app().va().runOnce();
        assertThat(events("va.role.crl.create", ca)).isEqualTo(1);
        String path = ROLES + ca.ski();
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("delegated_signer",
                Map.of("enabled", "yes")))), 400, "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("delegated_signer",
                Map.of("enabled", true, "validity", "2h")))), 400, "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("delegated_signer",
                Map.of("enabled", true, "validity", "99999999999999999999y")))), 400, "INVALID_DURATION");
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("delegated_signer",
                Map.of("enabled", true, "renew", "1d")))), 400, "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("signer", "delegated"))), 400,
                "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(path, Map.of("ocsp_options", Map.of("delegated_signer", true))), 400,
                "INVALID_VA_ROLE");
        assertThat(api.operator.put(path, Map.of("ocsp_options", Map.of("delegated_signer",
                Map.of("enabled", true)))).status()).isEqualTo(403);
        assertThat(events("va.role.update", ca)).as("no event for a refused change").isZero();
        assertThat(responder(ca)).isNull();
        assertThat(events(CREATED, ca)).isZero();

        JsonNode on = putRole(ca, Map.of("ocsp_options", Map.of("validity", "30m", "delegated_signer",
                Map.of("enabled", true))));
        assertThat(on.at("/ocsp_options/delegated_signer/validity").asText()).isEqualTo("4w2d");
        assertThat(events("va.role.update", ca)).isEqualTo(1);
        assertThat(responder(ca)).isNotNull();
        assertThat(events(CREATED, ca)).isEqualTo(1);
        assertThat(events("va.role.crl.create", ca)).as("a role change makes a new CRL due").isEqualTo(2);
        // What GET answers can be sent back as it is (read-only fields ignored).
        JsonNode got = api.viewer.get(path).json();
        String serial = got.at("/ocsp_options/delegated_signer/certificate/serial_number").asText();
        assertThat(serial).isNotEmpty();
        JsonNode again = putRole(ca, Map.of("ocsp_options", new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(got.get("ocsp_options"), Map.class)));
        assertThat(again.at("/ocsp_options/delegated_signer/certificate/serial_number").asText()).isEqualTo(serial);
        assertThat(responder(ca)).isNotNull();
        assertThat(events(CREATED, ca)).as("an unchanged lifetime issues nothing").isEqualTo(1);
    }

    // ---- review fixes: retirement by CA key, races with the job, reissue, claiming ----

    /** A DelegatedResponders over this app whose first commit transaction runs {@code beforeCommit} first. */
    static DelegatedResponders withHookBeforeCommit(Runnable beforeCommit) {
        VaRepository real = new io.lamassu.va.storage.JdbcVaRepository(app.app().jdbc());
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        VaRepository hooked = (VaRepository) java.lang.reflect.Proxy.newProxyInstance(
                VaRepository.class.getClassLoader(), new Class<?>[] {VaRepository.class}, (proxy, m, args) -> {
                    if (m.getName().equals("inTransaction") && args[0] instanceof java.util.function.Supplier
                            && fired.compareAndSet(false, true)) {
                        beforeCommit.run();
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        io.lamassu.events.EventPublisher none = (type, subject, payload) -> { };
        return new DelegatedResponders(hooked, app.app().caService(), none, new ResponderViews(hooked), app.clock());
    }

    static JsonNode reissue(Ca ca, Map<String, Object> body) {
        TestHttp.Response r = api.admin.post(CaApi.BASE + "/cas/" + ca.id() + "/reissue", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void status(Ca ca, Map<String, Object> body) {
        TestHttp.Response r = api.admin.post(CaApi.BASE + "/cas/" + ca.id() + "/status", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void holdingACaReissuedWithTheSameKeyRetiresTheResponderTheEarlierCertificateIssued() throws Exception {
        Ca ca = newCa("dr-reissue-hold");
        String serial = device(ca, "dr-rh-" + UUID.randomUUID().toString().substring(0, 6));
        delegated(ca, true, "1w");
        X509CertificateHolder r = responder(ca);
        assertThat(r).isNotNull();
        reissue(ca, Map.of());
        // No job run in between: the responder issued by the first certificate is still current.
        status(ca, Map.of("status", "REVOKED", "revocation_reason", "CertificateHold"));
        assertThat(events(RETIRED, ca)).isEqualTo(1);
        assertThat(app.app().va().roles().responder(ca.ski())).isEmpty();
        assertThat(post(request(ca, serial)).getResponderId()).as("the CA key signs while it is held")
                .isEqualTo(byKey(ca.cert()));
    }

    @Test
    void aSameKeyReissueReplacesTheResponderAtOnceAndRevivesARoleWhoseCaWasAboutToExpire() {
        Ca ca = newCa("dr-reissue-renew");
        delegated(ca, true, "1w");
        X509CertificateHolder first = responder(ca);
        String newSerial = reissue(ca, Map.of()).get("serial_number").asText();
        X509CertificateHolder second = responder(ca);
        assertThat(second.getSerialNumber()).as("issued under the new CA certificate")
                .isNotEqualTo(first.getSerialNumber());
        assertThat(app.app().va().roles().responder(ca.ski()).orElseThrow().caSerial()).isEqualTo(newSerial);

        // A CA that expires too soon for a responder: the job gives up until a reissue extends it.
        String id = "dr-soon-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new java.util.LinkedHashMap<>(CaApi.caBody(id, null, id, "dr-device"));
        body.put("ca_expiration", Map.of("type", "Duration", "duration", "2h"));
        assertThat(api.admin.post(CaApi.BASE + "/cas", body).status()).isEqualTo(201);
        X509CertificateHolder cert = io.lamassu.crypto.Certificates.parse(api.ca(id).get("certificate")
                .get("certificate").asText(), "X");
        Ca soon = new Ca(id, cert, io.lamassu.crypto.Certificates.subjectKeyId(cert));
        putRole(soon, Map.of("ocsp_options", Map.of("validity", "1h", "delegated_signer", Map.of("enabled", true,
                "validity", "1w"))));
        assertThat(responder(soon)).as("the CA expires in less than three responses").isNull();
        reissue(soon, Map.of("ca_expiration", Map.of("type", "Duration", "duration", "1y")));
        assertThat(responder(soon)).as("the extended CA gets its responder").isNotNull();
    }

    /**
     * Delegation on, written directly: no job run is nudged and none is due, so the only issue is
     * the one the test runs (reconcile does not claim).
     */
    static void delegatedNotDue(Ca ca) {
        app.app().jdbc().update("UPDATE va_roles SET ocsp_delegated = 1, ocsp_signer_due_at = NULL WHERE ca_ski = ?",
                ca.ski());
    }

    @Test
    void aResponderIssuedWhileItsCaIsRevokedIsNotInstalled() {
        Ca ca = newCa("dr-race-revoke");
        delegatedNotDue(ca);
        DelegatedResponders job = withHookBeforeCommit(() -> status(ca, Map.of("status", "REVOKED",
                "revocation_reason", "KeyCompromise")));
        assertThat(job.reconcile(app.app().va().roles().get(ca.ski()))).isFalse();
        assertThat(app.app().va().roles().responder(ca.ski())).isEmpty();
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM va_ocsp_responders WHERE ca_ski = '" + ca.ski()
                + "'")).isZero();
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys WHERE name LIKE 'OCSP responder%"
                + ca.id() + "%'")).as("the discarded responder's key is not stored").isZero();
    }

    @Test
    void aResponderIssuedWhileDelegationIsTurnedOffIsNotInstalled() {
        Ca ca = newCa("dr-race-off");
        delegatedNotDue(ca);
        DelegatedResponders job = withHookBeforeCommit(() -> delegated(ca, false, "1w"));
        assertThat(job.reconcile(app.app().va().roles().get(ca.ski()))).isFalse();
        assertThat(app.app().va().roles().responder(ca.ski())).isEmpty();
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM va_ocsp_responders WHERE ca_ski = '" + ca.ski()
                + "'")).isZero();
    }

    @Test
    void aClaimedRoleIsLeftToItsClaimantUntilTheLeaseLapses() {
        Ca ca = newCa("dr-claim");
        java.time.Instant now = app.clock().instant();
        VaRepository other = new io.lamassu.va.storage.JdbcVaRepository(app.app().jdbc());
        // Made due and claimed in one transaction: this instance's own VA pass cannot take it first.
        assertThat(app.app().jdbc().tx().inTransaction(() -> {
            app.app().jdbc().update("UPDATE va_roles SET ocsp_delegated = 1, ocsp_signer_due_at = ? WHERE ca_ski = ?",
                    now.toEpochMilli(), ca.ski());
            return other.claimRespondersDue(now, now.plus(DelegatedResponders.LEASE), 1000);
        })).contains(ca.ski());
        assertThat(other.claimRespondersDue(now, now.plus(DelegatedResponders.LEASE), 1000))
                .as("claimed once").doesNotContain(ca.ski());
        try {
            assertThat(responder(ca)).as("another instance holds the claim").isNull();
            app.clock().advance(DelegatedResponders.LEASE);
            assertThat(responder(ca)).as("the claimant died: retried after the lease").isNotNull();
        } finally {
            app.clock().set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(events(CREATED, ca)).isEqualTo(1);
    }
}
