package io.lamassu.dms.est;

import static io.lamassu.dms.est.EstClients.client;
import static io.lamassu.dms.est.EstClients.csr;
import static io.lamassu.dms.est.EstClients.only;
import static io.lamassu.dms.est.EstClients.p256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.SerialNumbers;
import io.lamassu.http.ErrorMapper;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import io.lamassu.testkit.TestTls;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EST (issue 10) end to end: every operation through Bouncy Castle's EST client over real mutual
 * TLS, each auth mode with its refusals, JITP and pre-registration, re-enrollment window edges on
 * the injected clock, decommissioned devices, concurrent enrollments of one device. A refusal is
 * checked to change nothing: no device, no certificate, no event.
 */
abstract class EstContract {
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";
    static final AtomicInteger SEQ = new AtomicInteger();
    static TestApp app;
    static CaApi api;
    static Instant start;

    static void startWith(TestApp started) {
        app = started;
        start = app.clock().instant();
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
        api.createCa("est-enroll", null, "device-profile");
        api.createCa("est-bootstrap", null, "device-profile");
        api.createCa("est-bootstrap-sub", "est-bootstrap", "device-profile");
        api.createCa("est-other", null, "device-profile");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void resetClock() {
        app.clock().set(start);
    }

    // ---- fixtures ----

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /** A DMS enrolling into est-enroll, its bootstrap certificates from est-bootstrap; {@code extra} overrides. */
    static String dms(String auth, Map<String, Object> enrollmentExtra, Map<String, Object> settingsExtra) {
        String id = unique("dms");
        Map<String, Object> est = new LinkedHashMap<>();
        est.put("auth_mode", auth);
        est.put("client_certificate_settings", Map.of("validation_cas", List.of("est-bootstrap"),
                "chain_level_validation", -1, "allow_expired", false));
        Map<String, Object> enrollment = new LinkedHashMap<>(Map.of("enrollment_ca", "est-enroll",
                "registration_mode", "JITP", "est_rfc7030_settings", est));
        enrollment.putAll(enrollmentExtra);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enrollment_settings", enrollment);
        settings.put("reenrollment_settings", Map.of("est_rfc7030_settings", Map.of("auth_mode", "CLIENT_CERTIFICATE"),
                "reenrollment_delta", "30d", "revoke_on_reenrollment", true));
        settings.put("server_keygen_settings", Map.of("enabled", true, "key", Map.of("type", "ECDSA", "bits", 256)));
        settings.put("ca_distribution_settings", Map.of("include_system_ca", true, "include_enrollment_ca", true,
                "managed_cas", List.of()));
        settings.putAll(settingsExtra);
        TestHttp.Response r = api.admin.post(DMS + "/dms", Map.of("id", id, "name", id, "settings", settings));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    static String dms(String auth) {
        return dms(auth, Map.of(), Map.of());
    }

    /** A certificate signed by {@code caId} through the CA API: the factory's bootstrap identity. */
    static EstClients.Identity bootstrap(String caId, String cn) {
        KeyPair kp = p256();
        JsonNode cert = api.signOk(caId, TestKeys.base64Der(csr(kp, cn)), "device-profile");
        return new EstClients.Identity(kp.getPrivate(), List.of(x509(cert)));
    }

    static X509Certificate x509(JsonNode certificateJson) {
        byte[] pem = Base64.getDecoder().decode(certificateJson.get("certificate").asText());
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static String serial(X509Certificate c) {
        return SerialNumbers.format(c.getSerialNumber());
    }

    /** Enrolls {@code cn} via BC's client; returns the identity (new key, issued certificate). */
    static EstClients.Identity enroll(String dmsId, String cn, EstClients.Identity tlsIdentity) throws Exception {
        KeyPair kp = p256();
        EnrollmentResponse r = client(app, dmsId, tlsIdentity).simpleEnroll(false, csr(kp, cn), null);
        assertThat(r.isCompleted()).isTrue();
        return new EstClients.Identity(kp.getPrivate(), List.of(only(r.getStore())));
    }

    static EstClients.Identity reenroll(String dmsId, String cn, EstClients.Identity current) throws Exception {
        KeyPair kp = p256();
        EnrollmentResponse r = client(app, dmsId, current).simpleEnroll(true, csr(kp, cn), null);
        return new EstClients.Identity(kp.getPrivate(), List.of(only(r.getStore())));
    }

    static int estStatus(Callable<?> call) {
        try {
            call.call();
        } catch (ESTException e) {
            if (e.getStatusCode() == 0) {
                throw new AssertionError("EST error without a status", e);
            }
            return e.getStatusCode();
        } catch (Exception e) {
            throw new AssertionError("expected an EST error status, got " + e, e);
        }
        throw new AssertionError("the EST call succeeded; a refusal was expected");
    }

    static JsonNode device(String id) {
        TestHttp.Response r = viewer().get(DEV + "/devices/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static boolean deviceExists(String id) {
        return viewer().get(DEV + "/devices/" + id).status() == 200;
    }

    static String status(X509Certificate c) {
        TestHttp.Response r = viewer().get(CaApi.BASE + "/certificates/" + serial(c));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("status").asText();
    }

    /** The state a refusal must leave untouched: certificates, devices, successful (committed) operations. */
    record Snapshot(long certificates, long devices, long committed) {
        static Snapshot take() {
            var jdbc = app.app().jdbc();
            return new Snapshot(api.certificateCount(), jdbc.count("SELECT COUNT(*) FROM devices"),
                    jdbc.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'SUCCESS'"));
        }
    }

    /** A viewer with a token minted now on the server's (possibly moved) clock. */
    static TestHttp viewer() {
        return api.viewer.withToken(app.token("viewer"));
    }

    // ---- distribution ----

    @Test
    void cacertsHoldTheSystemCaAndTheEnrollmentCa() throws Exception {
        String dms = dms("NO_AUTH");
        var store = client(app, dms, null).getCACerts().getCertificateStore();
        List<X509Certificate> certs = new ArrayList<>();
        store.getMatches(null).forEach(h -> certs.add(EstClients.x509(h)));
        assertThat(certs).contains(app.bootstrapCa(), x509(api.ca("est-enroll").get("certificate")));
        assertThat(certs).hasSize(2);
    }

    @Test
    void csrattrsNameTheCommonNameAndTheProfilesKeyTypes() throws Exception {
        String dms = dms("NO_AUTH");
        CSRRequestResponse r = client(app, dms, null).getCSRAttributes();
        assertThat(r.hasAttributesResponse()).isTrue();
        var attrs = r.getAttributesResponse();
        assertThat(attrs.hasRequirement(BCStyle.CN)).isTrue();
        assertThat(attrs.hasRequirement(X9ObjectIdentifiers.id_ecPublicKey)).isTrue();
        assertThat(attrs.hasRequirement(PKCSObjectIdentifiers.rsaEncryption)).isTrue();
    }

    // ---- CLIENT_CERTIFICATE ----

    @Test
    void bootstrapCertificateEnrollsAJitpDeviceInOneTransaction() throws Exception {
        String dms = dms("CLIENT_CERTIFICATE");
        String cn = unique("dev");
        EstClients.Identity id = enroll(dms, cn, bootstrap("est-bootstrap", "factory-" + cn));
        assertThat(id.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=" + cn);
        id.leaf().verify(x509(api.ca("est-enroll").get("certificate")).getPublicKey());
        JsonNode d = device(cn);
        assertThat(d.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(d.get("dms_owner").asText()).isEqualTo(dms);
        assertThat(d.get("identity_slot").get("active_version").asInt()).isZero();
        assertThat(d.get("identity_slot").get("serial_number").asText()).isEqualTo(serial(id.leaf()));
        assertThat(api.events("dms.enroll", "dms/" + dms)).isEqualTo(1);
        assertThat(api.events("device.create", "device/" + cn)).isEqualTo(1);
        assertThat(api.certificate(serial(id.leaf())).get("metadata").get("lamassu.io/ra/attached-to")
                .get("device_id").asText()).isEqualTo(cn);
    }

    @Test
    void intermediatePresentedInTheChainIsAccepted() throws Exception {
        String dms = dms("CLIENT_CERTIFICATE");
        EstClients.Identity leaf = bootstrap("est-bootstrap-sub", "factory-sub");
        X509Certificate sub = x509(api.ca("est-bootstrap-sub").get("certificate"));
        enroll(dms, unique("dev"), new EstClients.Identity(leaf.key(), List.of(leaf.leaf(), sub)));
        // chain_level_validation 1 keeps only the leaf: the intermediate no longer links it to the anchor.
        String strict = dms("CLIENT_CERTIFICATE", Map.of("est_rfc7030_settings", Map.of("auth_mode",
                "CLIENT_CERTIFICATE", "client_certificate_settings", Map.of("validation_cas", List.of("est-bootstrap"),
                        "chain_level_validation", 1))), Map.of());
        assertThat(estStatus(() -> enroll(strict, unique("dev"),
                new EstClients.Identity(leaf.key(), List.of(leaf.leaf(), sub))))).isEqualTo(403);
    }

    /** ADR 0530: after the validation CA's key is rotated, bootstraps issued under either key authenticate. */
    @Test
    void bootstrapCertificatesOfARotatedValidationCaAuthenticateUnderEitherKey() throws Exception {
        String ca = unique("est-rotating");
        api.createCa(ca, null, "device-profile");
        String dms = dms("CLIENT_CERTIFICATE", Map.of("est_rfc7030_settings", Map.of("auth_mode",
                "CLIENT_CERTIFICATE", "client_certificate_settings", Map.of("validation_cas", List.of(ca)))), Map.of());
        EstClients.Identity oldBootstrap = bootstrap(ca, "factory-before-rotation");
        TestHttp.Response rotated = api.admin.post(io.lamassu.ca.CaApi.BASE + "/cas/" + ca + "/reissue",
                Map.of("new_key", true));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        EstClients.Identity newBootstrap = bootstrap(ca, "factory-after-rotation");
        assertThat(newBootstrap.leaf().getIssuerX500Principal()).isEqualTo(oldBootstrap.leaf().getIssuerX500Principal());
        enroll(dms, unique("dev"), oldBootstrap);
        enroll(dms, unique("dev"), newBootstrap);
    }

    @Test
    void clientCertificateRefusalsChangeNothing() throws Exception {
        String dms = dms("CLIENT_CERTIFICATE");
        String cn = unique("dev");
        EstClients.Identity foreign = bootstrap("est-other", "factory-x");
        EstClients.Identity revoked = bootstrap("est-bootstrap", "factory-revoked");
        enroll(dms, unique("dev"), revoked); // its chain is now validated and remembered: the revocation must still count
        assertThat(api.setStatus(api.admin, serial(revoked.leaf()), "REVOKED", "KeyCompromise").status())
                .isEqualTo(200);
        TestTls.Credential selfSigned = TestTls.selfSigned("factory-self");
        Snapshot before = Snapshot.take();
        assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(401);
        assertThat(estStatus(() -> enroll(dms, cn, foreign))).isEqualTo(403);
        assertThat(estStatus(() -> enroll(dms, cn, revoked))).isEqualTo(403);
        assertThat(estStatus(() -> enroll(dms, cn, new EstClients.Identity(selfSigned.key(),
                List.of(selfSigned.certificate()))))).isEqualTo(403);
        assertThat(Snapshot.take()).isEqualTo(before);
        assertThat(deviceExists(cn)).isFalse();
    }

    @Test
    void missingCredentialsAre401WithAChallengeInPlainText() {
        String dms = dms("CLIENT_CERTIFICATE");
        String body = TestKeys.base64Der(csr(p256(), unique("dev")));
        TestHttp.Response r = TestHttp.tls(app, null).send("POST", "/.well-known/est/" + dms + "/simpleenroll",
                "application/pkcs10", body);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.header(ErrorMapper.CODE_HEADER)).isEqualTo("EST_CLIENT_CERTIFICATE_REQUIRED");
    }

    @Test
    void expiredBootstrapCertificateOnlyWhenAllowed() throws Exception {
        EstClients.Identity boot = bootstrap("est-bootstrap", "factory-old");
        String strict = dms("CLIENT_CERTIFICATE");
        String lenient = dms("CLIENT_CERTIFICATE", Map.of("est_rfc7030_settings", Map.of("auth_mode",
                "CLIENT_CERTIFICATE", "client_certificate_settings", Map.of("validation_cas", List.of("est-bootstrap"),
                        "allow_expired", true))), Map.of());
        enroll(strict, unique("dev"), boot); // validated while valid and remembered: expiry must still count
        app.clock().set(boot.leaf().getNotAfter().toInstant().plusSeconds(1));
        assertThat(estStatus(() -> enroll(strict, unique("dev"), boot))).isEqualTo(403);
        enroll(lenient, unique("dev"), boot);
    }

    // ---- registration modes, decommission, replaceable ----

    @Test
    void preRegistrationEnrollsOnlyRegisteredDevices() throws Exception {
        String dms = dms("NO_AUTH", Map.of("registration_mode", "PRE_REGISTRATION"), Map.of());
        String unknown = unique("dev");
        assertThat(estStatus(() -> enroll(dms, unknown, null))).isEqualTo(403);
        assertThat(deviceExists(unknown)).isFalse();
        String known = unique("dev");
        assertThat(api.operator.post(DEV + "/devices", Map.of("id", known, "dms_id", dms)).status()).isEqualTo(201);
        enroll(dms, known, null);
        assertThat(device(known).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.events("device.create", "device/" + known)).isEqualTo(1);
    }

    @Test
    void aDeviceOfAnotherDmsIsRefused() throws Exception {
        String mine = dms("NO_AUTH");
        String theirs = dms("NO_AUTH");
        String cn = unique("dev");
        enroll(theirs, cn, null);
        assertThat(estStatus(() -> enroll(mine, cn, null))).isEqualTo(403);
    }

    @Test
    void enrolledDeviceIsRefusedUnlessReplaceableAndThenTheOldCertificateIsRevoked() throws Exception {
        String fixed = dms("NO_AUTH");
        String cn = unique("dev");
        EstClients.Identity first = enroll(fixed, cn, null);
        assertThat(estStatus(() -> enroll(fixed, cn, null))).isEqualTo(403);
        String replaceable = dms("NO_AUTH", Map.of("enable_replaceable_enrollment", true), Map.of());
        String cn2 = unique("dev");
        EstClients.Identity a = enroll(replaceable, cn2, null);
        EstClients.Identity b = enroll(replaceable, cn2, null);
        assertThat(status(a.leaf())).isEqualTo("REVOKED");
        assertThat(status(b.leaf())).isEqualTo("ACTIVE");
        assertThat(device(cn2).get("identity_slot").get("active_version").asInt()).isEqualTo(1);
        assertThat(device(cn2).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(status(first.leaf())).isEqualTo("ACTIVE");
    }

    @Test
    void decommissionedDevicesNeverEnrollNorReenroll() throws Exception {
        String dms = dms("NO_AUTH", Map.of("enable_replaceable_enrollment", true), Map.of());
        String cn = unique("dev");
        EstClients.Identity id = enroll(dms, cn, null);
        assertThat(api.operator.delete(DEV + "/devices/" + cn + "/decommission").status()).isEqualTo(200);
        Snapshot before = Snapshot.take();
        assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(403);
        app.clock().set(id.leaf().getNotAfter().toInstant().minus(Duration.ofDays(1)));
        assertThat(estStatus(() -> reenroll(dms, cn, id))).isEqualTo(403);
        assertThat(Snapshot.take()).isEqualTo(before);
        assertThat(device(cn).get("status").asText()).isEqualTo("DECOMMISSIONED");
    }

    @Test
    void concurrentEnrollmentsOfOneDeviceLeaveExactlyOneActiveCertificate() throws Exception {
        String dms = dms("NO_AUTH", Map.of("enable_replaceable_enrollment", true), Map.of());
        String cn = unique("dev");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<X509Certificate>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        return enroll(dms, cn, null).leaf();
                    } catch (ESTException e) {
                        assertThat(e.getStatusCode()).isIn(403, 409);
                        return null;
                    }
                }));
            }
            List<X509Certificate> issued = new ArrayList<>();
            for (Future<X509Certificate> f : futures) {
                if (f.get() != null) {
                    issued.add(f.get());
                }
            }
            assertThat(issued).isNotEmpty();
            List<String> active = issued.stream().filter(c -> status(c).equals("ACTIVE")).map(EstContract::serial)
                    .toList();
            assertThat(active).hasSize(1);
            assertThat(device(cn).get("identity_slot").get("serial_number").asText()).isEqualTo(active.get(0));
            long activeForDevice = app.app().jdbc().count("SELECT COUNT(*) FROM devices WHERE id = ?", cn);
            assertThat(activeForDevice).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- re-enrollment ----

    @Test
    void reenrollmentWindowEdgesOnTheInjectedClock() throws Exception {
        String dms = dms("NO_AUTH");
        String cn = unique("dev");
        EstClients.Identity current = enroll(dms, cn, null);
        Instant opens = current.leaf().getNotAfter().toInstant().minus(Duration.ofDays(30));
        app.clock().set(opens.minusSeconds(1));
        Snapshot before = Snapshot.take();
        assertThat(estStatus(() -> reenroll(dms, cn, current))).isEqualTo(403);
        assertThat(Snapshot.take()).isEqualTo(before);
        app.clock().set(opens);
        EstClients.Identity renewed = reenroll(dms, cn, current);
        assertThat(renewed.leaf().getSubjectX500Principal()).isEqualTo(current.leaf().getSubjectX500Principal());
        assertThat(status(current.leaf())).isEqualTo("REVOKED");
        JsonNode d = device(cn);
        assertThat(d.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(d.get("identity_slot").get("active_version").asInt()).isEqualTo(1);
        assertThat(d.get("identity_slot").get("serial_number").asText()).isEqualTo(serial(renewed.leaf()));
        assertThat(api.events("dms.reenroll", "dms/" + dms)).isEqualTo(1);
        // The superseded certificate can no longer renew.
        assertThat(estStatus(() -> reenroll(dms, cn, current))).isEqualTo(403);
    }

    @Test
    void reenrollmentNeedsTheCurrentIdentityAndTheSameSubject() throws Exception {
        String dms = dms("NO_AUTH");
        String cn = unique("dev");
        EstClients.Identity current = enroll(dms, cn, null);
        app.clock().set(current.leaf().getNotAfter().toInstant().minus(Duration.ofDays(1)));
        assertThat(estStatus(() -> reenroll(dms, cn, null))).isEqualTo(401);
        EstClients.Identity other = enroll(dms, unique("dev"), null);
        assertThat(estStatus(() -> reenroll(dms, cn, other))).isEqualTo(403);
        KeyPair kp = p256();
        PKCS10CertificationRequest otherSubject = TestKeys.csr(kp, io.lamassu.crypto.DistinguishedName.from(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + cn + ",O=Elsewhere")), List.of());
        assertThat(estStatus(() -> client(app, dms, current).simpleEnroll(true, otherSubject, null))).isEqualTo(403);
        assertThat(status(current.leaf())).isEqualTo("ACTIVE");
    }

    @Test
    void expiredIdentityRenewsOnlyWhenTheDmsAllowsIt() throws Exception {
        String strict = dms("NO_AUTH");
        String lenient = dms("NO_AUTH", Map.of(), Map.of("reenrollment_settings", Map.of("est_rfc7030_settings",
                Map.of("auth_mode", "CLIENT_CERTIFICATE"), "reenrollment_delta", "30d", "enable_expired_renewal", true,
                "revoke_on_reenrollment", false)));
        String a = unique("dev");
        String b = unique("dev");
        EstClients.Identity ida = enroll(strict, a, null);
        EstClients.Identity idb = enroll(lenient, b, null);
        app.clock().set(ida.leaf().getNotAfter().toInstant().plus(Duration.ofDays(2)));
        assertThat(estStatus(() -> reenroll(strict, a, ida))).isEqualTo(403);
        EstClients.Identity renewed = reenroll(lenient, b, idb);
        assertThat(renewed.leaf().getNotAfter()).isAfter(idb.leaf().getNotAfter());
    }

    // ---- server-side key generation ----

    @Test
    void serverKeygenReturnsAKeyMatchingTheCertificate() throws Exception {
        String dms = dms("NO_AUTH");
        String cn = unique("dev");
        EnrollmentResponse r = client(app, dms, null).simpleEnrollWithServersideCreation(csr(p256(), cn), null);
        X509Certificate cert = only(r.getStore());
        assertThat(r.getPrivateKeyInfo()).isNotNull();
        java.security.PrivateKey key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                .getPrivateKey(r.getPrivateKeyInfo());
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
        assertThat(device(cn).get("status").asText()).isEqualTo("ACTIVE");
        String off = dms("NO_AUTH", Map.of(), Map.of("server_keygen_settings", Map.of("enabled", false)));
        assertThat(estStatus(() -> client(app, off, null).simpleEnrollWithServersideCreation(
                csr(p256(), unique("dev")), null))).isEqualTo(403);
    }

    // ---- HTTP Basic, webhook ----

    @Test
    void httpBasicCredentialStoredHashedChallengesAndAuthenticates() throws Exception {
        String dms = dms("HTTP_BASIC");
        String path = DMS + "/dms/" + dms + "/est/basic-credential";
        assertThat(api.admin.put(path, Map.of("username", "factory", "password", "short")).status()).isEqualTo(400);
        assertThat(api.operator.put(path, Map.of("username", "factory", "password", "correct horse battery"))
                .status()).isEqualTo(403);
        assertThat(api.admin.put(path, Map.of("username", "factory", "password", "correct horse battery")).status())
                .isEqualTo(204);
        String stored = app.app().jdbc().queryOne("SELECT est_basic_password_hash FROM dms WHERE id = ?",
                rs -> rs.getString(1), dms).orElseThrow();
        assertThat(stored).startsWith("$2b$").doesNotContain("correct horse");
        assertThat(api.admin.get(DMS + "/dms/" + dms).body()).doesNotContain(stored);
        String cn = unique("dev");
        assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(401);
        // BC's client fails reading the body of a second 401 (its own stream handling), so the status is checked raw.
        assertThatThrownBy(() -> client(app, dms, null).simpleEnroll(false, csr(p256(), cn),
                new HttpAuth("factory", "wrong password!".toCharArray()))).isInstanceOf(ESTException.class);
        TestHttp.Response wrong = TestHttp.tls(app, null).sendBytes("POST", "/.well-known/est/" + dms + "/simpleenroll",
                "application/pkcs10", TestKeys.base64Der(csr(p256(), cn)).getBytes(), "Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("factory:wrong password!".getBytes()));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header(ErrorMapper.CODE_HEADER)).isEqualTo("EST_CREDENTIALS_INVALID");
        assertThat(deviceExists(cn)).isFalse();
        EnrollmentResponse ok = client(app, dms, null).simpleEnroll(false, csr(p256(), cn),
                new HttpAuth("factory", "correct horse battery".toCharArray()));
        assertThat(only(ok.getStore()).getSubjectX500Principal().getName()).isEqualTo("CN=" + cn);
    }

    @Test
    void webhookAuthorizesFailsClosedAndCombinesWithCertificates() throws Exception {
        try (FakeWebhook hook = FakeWebhook.start()) {
            Map<String, Object> est = Map.of("auth_mode", "EXTERNAL_WEBHOOK", "external_webhook_settings",
                    Map.of("url", hook.url(), "method", "POST", "config", Map.of("call_timeout", "2s",
                            "auth_mode", "apikey", "apikey", Map.of("header", "X-Api-Key", "key", "k3y"))));
            String dms = dms("EXTERNAL_WEBHOOK", Map.of("est_rfc7030_settings", est), Map.of());
            String cn = unique("dev");
            hook.answer(200, "{\"authorized\": false}");
            assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(403);
            hook.answer(500, "{}");
            assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(503);
            hook.answer(200, "not json");
            assertThat(estStatus(() -> enroll(dms, cn, null))).isEqualTo(503);
            assertThat(deviceExists(cn)).isFalse();
            hook.answer(200, "{\"authorized\": true}");
            enroll(dms, cn, null);
            JsonNode call = hook.lastBody();
            assertThat(call.get("aps").asText()).isEqualTo(dms);
            assertThat(call.get("device_cn").asText()).isEqualTo(cn);
            assertThat(new String(Base64.getDecoder().decode(call.get("csr").asText())))
                    .startsWith("-----BEGIN CERTIFICATE REQUEST-----");
            assertThat(hook.lastApiKey()).isEqualTo("k3y");

            Map<String, Object> both = new LinkedHashMap<>(est);
            both.put("auth_mode", "CLIENT_CERTIFICATE_AND_EXTERNAL_WEBHOOK");
            both.put("client_certificate_settings", Map.of("validation_cas", List.of("est-bootstrap")));
            String bothDms = dms("CLIENT_CERTIFICATE", Map.of("est_rfc7030_settings", both), Map.of());
            int calls = hook.calls();
            assertThat(estStatus(() -> enroll(bothDms, unique("dev"), null))).isEqualTo(401);
            assertThat(hook.calls()).isEqualTo(calls);
            enroll(bothDms, unique("dev"), bootstrap("est-bootstrap", "factory-both"));
            assertThat(hook.calls()).isEqualTo(calls + 1);
        }
    }

    @Test
    void webhookAuthenticatesWithOidcClientCredentialsAndWithMutualTls() throws Exception {
        try (FakeWebhook hook = FakeWebhook.start()) {
            Map<String, Object> est = Map.of("auth_mode", "EXTERNAL_WEBHOOK", "external_webhook_settings",
                    Map.of("url", hook.url(), "config", Map.of("auth_mode", "jwt", "call_timeout", "5s", "oidc",
                            Map.of("client_id", "lamassu-dms", "client_secret", "s3cret", "well_known",
                                    hook.base() + "/oidc"))));
            String dms = dms("EXTERNAL_WEBHOOK", Map.of("est_rfc7030_settings", est), Map.of());
            enroll(dms, unique("dev"), null);
            enroll(dms, unique("dev"), null);
            assertThat(hook.lastAuthorization()).isEqualTo("Bearer tok-1");
            assertThat(hook.tokenRequests()).as("token cached").isEqualTo(1);
        }
        TestTls.Credential server = TestTls.selfSigned("webhook-server");
        TestTls.Credential dmsClient = TestTls.selfSigned("dms-webhook-client");
        try (FakeWebhook hook = FakeWebhook.startMutualTls(server)) {
            Map<String, Object> mtls = Map.of("cert", io.lamassu.crypto.Pem.encode("CERTIFICATE",
                    dmsClient.certificate().getEncoded()), "key", io.lamassu.crypto.Pem.encode("PRIVATE KEY",
                    dmsClient.key().getEncoded()));
            Map<String, Object> est = Map.of("auth_mode", "EXTERNAL_WEBHOOK", "external_webhook_settings",
                    Map.of("url", hook.url(), "config", Map.of("auth_mode", "mtls", "validate_server_cert", false,
                            "call_timeout", "5s", "mtls", mtls)));
            String dms = dms("EXTERNAL_WEBHOOK", Map.of("est_rfc7030_settings", est), Map.of());
            enroll(dms, unique("dev"), null);
            assertThat(hook.lastClientSubject()).isEqualTo("CN=dms-webhook-client");
            Map<String, Object> verifying = Map.of("auth_mode", "EXTERNAL_WEBHOOK", "external_webhook_settings",
                    Map.of("url", hook.url(), "config", Map.of("auth_mode", "mtls", "validate_server_cert", true,
                            "call_timeout", "5s", "mtls", mtls)));
            String strict = dms("EXTERNAL_WEBHOOK", Map.of("est_rfc7030_settings", verifying), Map.of());
            assertThat(estStatus(() -> enroll(strict, unique("dev"), null))).as("untrusted webhook server")
                    .isEqualTo(503);
        }
    }
}
