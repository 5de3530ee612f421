package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * CA rotation ({@code POST /cas/{id}/reissue}) against a running server: the certificates a CA
 * issued before stay verifiable with openssl, and the VA (OCSP, CRLs, the AIA certificate) and EST
 * {@code cacerts} serve the new CA certificate afterwards.
 */
abstract class CaReissueHttpContract {
    static final String PROFILE = "reissue-device";
    static TestApp app;
    static CaApi api;
    static Openssl ssl;
    static final Map<String, String> SERIALS = new java.util.concurrent.ConcurrentHashMap<>();

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile(PROFILE, "1y");
        ssl = Openssl.inTempDir();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void sameKeyReissueGivesANewCertificateThatVerifiesWhatTheCaIssuedBefore() {
        String ca = unique("rot-root");
        JsonNode before = api.createCa(ca, null, PROFILE);
        String oldSerial = before.get("serial_number").asText();
        String ski = before.get("certificate").get("subject_key_id").asText();
        writeCa(before, "old-" + ca + ".pem");
        String leaf = leaf(ca, "dev-" + ca);

        JsonNode after = reissue(ca, Map.of());
        assertThat(after.get("id").asText()).isEqualTo(ca);
        assertThat(after.get("serial_number").asText()).isNotEqualTo(oldSerial);
        JsonNode cert = after.get("certificate");
        assertThat(cert.get("subject_key_id").asText()).isEqualTo(ski);
        assertThat(cert.get("authority_key_id").asText()).isEqualTo(ski);
        assertThat(cert.get("subject")).isEqualTo(before.get("certificate").get("subject"));
        assertThat(cert.get("metadata").get("lamassu.io/ca/reissued-from").asText()).isEqualTo(oldSerial);
        assertThat(api.ca(ca).get("serial_number").asText()).isEqualTo(after.get("serial_number").asText());
        JsonNode old = api.certificate(oldSerial);
        assertThat(old.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(old.get("metadata").get("lamassu.io/ca/reissued-as").asText())
                .isEqualTo(after.get("serial_number").asText());
        String newPem = writeCa(after, "new-" + ca + ".pem");
        // The root's earlier self-signed certificate is its own, not one it issued.
        assertThat(api.viewer.get(BASE + "/cas/" + ca + "/certificates").json().get("list"))
                .extracting(n -> n.get("serial_number").asText()).containsExactly(SERIALS.get(leaf));
        assertError(api.viewer.get(BASE + "/cas/" + ca + "/certificates/" + oldSerial), 404,
                "CERTIFICATE_NOT_FOUND");

        assertThat(ssl.run("openssl verify -CAfile " + newPem + " " + leaf + ".pem")).contains(": OK");
        String newLeaf = leaf(ca, "dev2-" + ca);
        assertThat(ssl.run("openssl verify -CAfile " + newPem + " " + newLeaf + ".pem")).contains(": OK");
        assertThat(ssl.run("openssl verify -CAfile old-" + ca + ".pem " + newLeaf + ".pem")).contains(": OK");

        assertThat(api.events("ca.reissue", "ca/" + ca)).isEqualTo(1);
        assertThat(audits("ca.reissue", ca, "SUCCESS")).isEqualTo(1);
        // The VA answers with the new certificate: OCSP and the CRL verify under it alone.
        assertThat(ocsp(newPem, leaf)).contains(leaf + ".pem: good", "Response verify OK");
        app.app().va().runOnce();
        writeCrl(ski, "crl-" + ca + ".pem");
        assertThat(ssl.run("openssl verify -crl_check -CAfile " + newPem + " -CRLfile crl-" + ca + ".pem " + leaf
                + ".pem")).contains(": OK");
        assertThat(aiaCertificate(ski)).isEqualTo(pem(after));
        assertThat(cacerts(ca)).contains(pem(after)).doesNotContain(pem(before));
    }

    @Test
    void newKeyReissueKeepsOldCertificatesVerifiableUnderTheOldCaCertificate() {
        String ca = unique("rot-key");
        JsonNode before = api.createCa(ca, null, PROFILE);
        String oldSki = before.get("certificate").get("subject_key_id").asText();
        String oldPem = writeCa(before, "old-" + ca + ".pem");
        String oldLeaf = leaf(ca, "old-dev-" + ca);
        String device = leaf(ca, "bound-" + ca);
        long keys = keyCount();

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("new_key", true);
        body.put("key_metadata", Map.of("type", "ECDSA", "bits", 384));
        body.put("ca_expiration", Map.of("type", "Duration", "duration", "2y"));
        JsonNode after = reissue(ca, body);
        JsonNode cert = after.get("certificate");
        String newSki = cert.get("subject_key_id").asText();
        assertThat(newSki).isNotEqualTo(oldSki);
        assertThat(cert.get("key_metadata").get("bits").asInt()).isEqualTo(384);
        assertThat(cert.get("type").asText()).isEqualTo("MANAGED");
        assertThat(keyCount()).isEqualTo(keys + 1);
        assertThat(api.viewer.get("/api/kms/v1/keys/" + newSki).status()).isEqualTo(200);
        String newPem = writeCa(after, "new-" + ca + ".pem");
        String newLeaf = leaf(ca, "new-dev-" + ca);

        assertThat(ssl.run("openssl verify -CAfile " + oldPem + " " + oldLeaf + ".pem")).contains(": OK");
        assertThat(ssl.run("openssl verify -CAfile " + newPem + " " + oldLeaf + ".pem || true")).doesNotContain(": OK");
        assertThat(ssl.run("openssl verify -CAfile " + newPem + " " + newLeaf + ".pem")).contains(": OK");
        // Each key answers OCSP and signs CRLs for what it issued; each certificate is served at its SKI.
        assertThat(ocsp(oldPem, oldLeaf)).contains(oldLeaf + ".pem: good", "Response verify OK");
        assertThat(ocsp(newPem, newLeaf)).contains(newLeaf + ".pem: good", "Response verify OK");
        String serial = serialOf(oldLeaf);
        assertThat(api.setStatus(api.operator, serial, "REVOKED", "KeyCompromise").status()).isEqualTo(200);
        assertThat(ocsp(oldPem, oldLeaf)).contains(oldLeaf + ".pem: revoked", "Response verify OK");
        app.app().va().runOnce();
        writeCrl(oldSki, "old-crl-" + ca + ".pem");
        writeCrl(newSki, "new-crl-" + ca + ".pem");
        assertThat(ssl.run("openssl verify -crl_check -CAfile " + oldPem + " -CRLfile old-crl-" + ca + ".pem "
                + oldLeaf + ".pem || true")).contains("certificate revoked");
        assertThat(ssl.run("openssl verify -crl_check -CAfile " + newPem + " -CRLfile new-crl-" + ca + ".pem "
                + newLeaf + ".pem")).contains(": OK");
        assertThat(aiaCertificate(oldSki)).isEqualTo(pem(before));
        assertThat(aiaCertificate(newSki)).isEqualTo(pem(after));
        assertThat(cacerts(ca)).startsWith(pem(after)).contains(pem(before));
        assertThat(api.events("ca.reissue", "ca/" + ca)).isEqualTo(1);
        // A certificate issued under the old key still becomes a device identity of the CA's DMS.
        TestHttp.Response registered = api.admin.post("/api/devmanager/v1/devices", Map.of("id", device,
                "dms_id", "dms-" + ca));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        TestHttp.Response bound = api.operator.post("/api/dmsmanager/v1/dms/bind-identity", Map.of("device_id",
                device, "certificate_serial_number", serialOf(device)));
        assertThat(bound.status()).as(bound.body()).isBetween(200, 201);
    }

    @Test
    void subordinateCasAreResignedByTheirParentAndChainsStillBuild() {
        String root = unique("rot-parent");
        String sub = unique("rot-sub");
        JsonNode rootBefore = api.createCa(root, null, PROFILE);
        JsonNode subBefore = api.createCa(sub, root, PROFILE);
        String leaf = leaf(sub, "dev-" + sub);
        writeCa(rootBefore, "root-" + root + ".pem");

        JsonNode subAfter = reissue(sub, Map.of());
        JsonNode c = subAfter.get("certificate");
        assertThat(c.get("authority_key_id").asText())
                .isEqualTo(rootBefore.get("certificate").get("subject_key_id").asText());
        assertThat(c.get("issuer_metadata").get("id").asText()).isEqualTo(root);
        assertThat(subAfter.get("level").asInt()).isEqualTo(1);
        String subPem = writeCa(subAfter, "sub-" + sub + ".pem");
        assertThat(ssl.run("openssl verify -CAfile root-" + root + ".pem -untrusted " + subPem + " " + leaf
                + ".pem")).contains(": OK");

        JsonNode rootAfter = reissue(root, Map.of("ca_expiration", Map.of("type", "Duration", "duration", "10y")));
        String rootPem = writeCa(rootAfter, "root2-" + root + ".pem");
        assertThat(ssl.run("openssl verify -CAfile " + rootPem + " -untrusted " + subPem + " " + leaf + ".pem"))
                .contains(": OK");

        JsonNode rotated = reissue(sub, Map.of("new_key", true));
        String rotatedPem = writeCa(rotated, "sub2-" + sub + ".pem");
        String newLeaf = leaf(sub, "dev2-" + sub);
        assertThat(ssl.run("openssl verify -CAfile " + rootPem + " -untrusted " + rotatedPem + " " + newLeaf
                + ".pem")).contains(": OK");
        assertThat(ssl.run("openssl verify -CAfile " + rootPem + " -untrusted " + subPem + " " + leaf + ".pem"))
                .contains(": OK");
        assertThat(api.viewer.get(BASE + "/cas/" + sub).json().get("certificate").get("serial_number").asText())
                .isEqualTo(rotated.get("serial_number").asText());
        assertThat(subBefore.get("serial_number").asText()).isNotEqualTo(rotated.get("serial_number").asText());
    }

    @Test
    void revokingAReissuedCaRevokesItsEarlierCertificatesToo() {
        String ca = unique("rot-revoked");
        JsonNode before = api.createCa(ca, null, PROFILE);
        reissue(ca, Map.of("new_key", true));
        TestHttp.Response r = api.admin.post(BASE + "/cas/" + ca + "/status",
                Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode old = api.certificate(before.get("serial_number").asText());
        assertThat(old.get("status").asText()).isEqualTo("REVOKED");
        assertThat(old.get("revocation_reason").asText()).isEqualTo("KeyCompromise");
        assertError(api.admin.post(BASE + "/cas/" + ca + "/reissue", Map.of()), 409, "CA_NOT_ACTIVE");
        assertThat(api.admin.delete(BASE + "/cas/" + ca).status()).isEqualTo(200);
        assertThat(api.viewer.get(BASE + "/certificates/" + before.get("serial_number").asText()).status())
                .isEqualTo(404);
    }

    @Test
    void revokingTheCertificateOfAReplacedKeyRevokesOnlyWhatThatKeyIssued() {
        String ca = unique("rot-kc");
        JsonNode before = api.createCa(ca, null, PROFILE);
        String oldSerial = before.get("serial_number").asText();
        String oldPem = writeCa(before, "old-" + ca + ".pem");
        String oldLeaf = leaf(ca, "kc-old-" + ca);
        JsonNode after = reissue(ca, Map.of("new_key", true));
        String newPem = writeCa(after, "new-" + ca + ".pem");
        String newLeaf = leaf(ca, "kc-new-" + ca);
        String sub = unique("rot-kc-sub");
        api.createCa(sub, ca, PROFILE);
        String subLeaf = leaf(sub, "kc-sub-" + sub);

        TestHttp.Response r = api.setStatus(api.admin, oldSerial, "REVOKED", "KeyCompromise");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode old = api.certificate(oldSerial);
        assertThat(old.get("status").asText()).isEqualTo("REVOKED");
        assertThat(old.get("revocation_reason").asText()).isEqualTo("KeyCompromise");
        JsonNode oldLeafNow = api.certificate(serialOf(oldLeaf));
        assertThat(oldLeafNow.get("status").asText()).isEqualTo("REVOKED");
        assertThat(oldLeafNow.get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        assertThat(ocsp(oldPem, oldLeaf)).contains(oldLeaf + ".pem: revoked", "Response verify OK");
        // Under the new key nothing changes: the CA, its current certificate, its sub-CA and their leaves.
        JsonNode caNow = api.ca(ca);
        assertThat(caNow.get("serial_number").asText()).isEqualTo(after.get("serial_number").asText());
        assertThat(caNow.get("certificate").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.ca(sub).get("certificate").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.certificate(serialOf(newLeaf)).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.certificate(serialOf(subLeaf)).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ocsp(newPem, newLeaf)).contains(newLeaf + ".pem: good", "Response verify OK");
        assertThat(api.events("ca.status.update", "ca/" + ca)).isZero();
        assertThat(api.events("certificate.status.update", "certificate/" + oldSerial)).isEqualTo(1);
        leaf(ca, "kc-after-" + ca);
    }

    @Test
    void aReplacedKeyWithASubCaStillUnderItIsRefusedUntilTheSubCaIsReissued() {
        String ca = unique("rot-kc-parent");
        String oldSerial = api.createCa(ca, null, PROFILE).get("serial_number").asText();
        String sub = unique("rot-kc-child");
        api.createCa(sub, ca, PROFILE);
        reissue(ca, Map.of("new_key", true));
        assertError(api.setStatus(api.admin, oldSerial, "REVOKED", "KeyCompromise"), 409, "CA_CHILD_UNDER_KEY");
        assertThat(api.certificate(oldSerial).get("status").asText()).isEqualTo("ACTIVE");
        reissue(sub, Map.of());
        assertThat(api.setStatus(api.admin, oldSerial, "REVOKED", "KeyCompromise").status()).isEqualTo(200);
        assertThat(api.ca(sub).get("certificate").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.ca(ca).get("certificate").get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aSameKeyEarlierCertificateIsRevokedAloneSinceItsKeyIsStillCertified() {
        String ca = unique("rot-same-rev");
        String oldSerial = api.createCa(ca, null, PROFILE).get("serial_number").asText();
        String leaf = leaf(ca, "same-rev-" + ca);
        reissue(ca, Map.of());
        TestHttp.Response r = api.setStatus(api.admin, oldSerial, "REVOKED", "Superseded");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.certificate(oldSerial).get("status").asText()).isEqualTo("REVOKED");
        assertThat(api.certificate(serialOf(leaf)).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.ca(ca).get("certificate").get("status").asText()).isEqualTo("ACTIVE");
        assertError(api.setStatus(api.operator, oldSerial, "ACTIVE", null), 403, "FORBIDDEN");
    }

    @Test
    void aSameKeyReissueOfAnImportedCaKeepsItsSha1SubjectKeyId() {
        String ca = unique("rot-sha1");
        ssl.run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + ca + ".key -out "
                + ca + ".pem -days 3650 -subj /CN=" + ca + " -addext subjectKeyIdentifier=hash"
                + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        TestHttp.Response imported = api.admin.post(BASE + "/cas/import", Map.of("id", ca, "ca", b64(ca + ".pem"),
                "private_key", b64(ca + ".key"), "profile_id", PROFILE));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String ski = imported.json().get("certificate").get("subject_key_id").asText();
        assertThat(ski).hasSize(40); // SHA-1, RFC 5280 §4.2.1.2 method 1
        String oldLeaf = leaf(ca, "sha1-old-" + ca);

        JsonNode root = reissue(ca, Map.of());
        assertThat(root.get("certificate").get("subject_key_id").asText()).isEqualTo(ski);
        assertThat(root.get("certificate").get("authority_key_id").asText()).isEqualTo(ski);
        String sub = unique("rot-sha1-sub");
        JsonNode subBefore = api.createCa(sub, ca, PROFILE);
        JsonNode subAfter = reissue(sub, Map.of());
        assertThat(subAfter.get("certificate").get("subject_key_id").asText())
                .isEqualTo(subBefore.get("certificate").get("subject_key_id").asText());
        assertThat(subAfter.get("certificate").get("authority_key_id").asText()).isEqualTo(ski);
        String newPem = writeCa(root, "new-" + ca + ".pem");
        assertThat(ssl.run("openssl verify -CAfile " + newPem + " " + oldLeaf + ".pem")).contains(": OK");
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM ca_authorities_view WHERE subject_key_id = ?", ski))
                .isEqualTo(1);
    }

    @Test
    void aCaReissuedMoreThanSqliteExpressionDepthStillListsItsCertificates() {
        String ca = unique("rot-many");
        api.createCa(ca, null, PROFILE);
        String leaf = leaf(ca, "many-" + ca);
        CaService service = app.app().caService();
        for (int i = 0; i < 1_010; i++) {
            service.reissue(ca, null);
        }
        TestHttp.Response r = api.viewer.get(BASE + "/cas/" + ca + "/certificates");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("list")).extracting(n -> n.get("serial_number").asText())
                .containsExactly(serialOf(leaf));
    }

    static String b64(String file) {
        return java.util.Base64.getEncoder().encodeToString(ssl.read(file).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void badRequestsAreRefusedWithStableCodesAndChangeNothing() {
        String ca = unique("rot-bad");
        JsonNode created = api.createCa(ca, null, PROFILE);
        String path = BASE + "/cas/" + ca + "/reissue";
        long certs = api.certificateCount();
        long keys = keyCount();
        assertError(api.admin.post(BASE + "/cas/ghost-" + ca + "/reissue", Map.of()), 404, "CA_NOT_FOUND");
        assertError(api.operator.post(path, Map.of()), 403, "INSUFFICIENT_ROLE");
        assertError(api.admin.post(path, Map.of("ca_expiration", Map.of("type", "Duration", "duration", "forever"))),
                400, "INVALID_DURATION");
        assertError(api.admin.post(path, Map.of("ca_expiration", Map.of("type", "Duration", "duration", "99999999y"))),
                400, "INVALID_DURATION");
        assertError(api.admin.post(path, Map.of("ca_expiration", Map.of("type", "Sometime"))), 400,
                "INVALID_VALIDITY");
        assertError(api.admin.post(path, Map.of("ca_expiration", Map.of("type", "Time",
                "time", "2001-01-01T00:00:00Z"))), 400, "INVALID_VALIDITY");
        assertError(api.admin.post(path, Map.of("profile_id", "ghost")), 404, "PROFILE_NOT_FOUND");
        assertError(api.admin.post(path, Map.of("profile_id", PROFILE)), 400, "PROFILE_NOT_FOR_CA");
        assertError(api.admin.post(path, Map.of("new_key", true, "key_metadata", Map.of("type", "RSA", "bits", 1024))),
                400, "INVALID_KEY_SPEC");
        assertError(api.admin.post(path, Map.of("new_key", false, "key_metadata", Map.of("type", "RSA",
                "bits", 2048))), 400, "INVALID_KEY_SPEC");
        assertError(api.admin.post(path, Map.of("key_metadata", Map.of("key_id", "abc"))), 400, "INVALID_KEY_SPEC");
        assertError(api.admin.post(path, Map.of("new_key", true, "engine_id", "no-such-engine")), 400,
                "UNKNOWN_ENGINE");
        assertThat(api.admin.post(path, Map.of("shiny", true)).status()).isEqualTo(400);
        assertError(api.admin.send("POST", path, "application/json", ""), 400, "EMPTY_BODY");
        assertThat(api.certificateCount()).isEqualTo(certs);
        assertThat(keyCount()).isEqualTo(keys);
        assertThat(api.ca(ca).get("serial_number").asText()).isEqualTo(created.get("serial_number").asText());
        assertThat(api.events("ca.reissue", "ca/" + ca)).isZero();
    }

    // ---- helpers ----

    static JsonNode reissue(String ca, Map<String, Object> body) {
        TestHttp.Response r = api.admin.post(BASE + "/cas/" + ca + "/reissue", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** A device certificate signed by {@code ca} through the API, written to {@code name}.pem. */
    static String leaf(String ca, String name) {
        String csr = ssl.deviceCsrBase64Der(name, "/CN=" + name);
        JsonNode cert = api.signOk(ca, csr, PROFILE);
        ssl.writeCertificate(name + ".pem", cert.get("certificate").asText());
        SERIALS.put(name, cert.get("serial_number").asText());
        return name;
    }

    static String serialOf(String leaf) {
        return SERIALS.get(leaf);
    }

    static String writeCa(JsonNode ca, String file) {
        ssl.writeCertificate(file, ca.get("certificate").get("certificate").asText());
        return file;
    }

    static String pem(JsonNode ca) {
        return new String(java.util.Base64.getDecoder().decode(ca.get("certificate").get("certificate").asText()),
                java.nio.charset.StandardCharsets.US_ASCII).strip();
    }

    String ocsp(String issuerPem, String leaf) {
        return ssl.run("openssl ocsp -issuer " + issuerPem + " -cert " + leaf + ".pem -url " + app.httpBase()
                + "/ocsp -CAfile " + issuerPem + " 2>&1");
    }

    static void writeCrl(String ski, String file) {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/crl/" + ski, "Accept",
                "application/x-pem-file");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            Files.writeString(ssl.dir().resolve(file), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer certificate the AIA caIssuers URL of every issued certificate names. */
    static String aiaCertificate(String ski) {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/ca/" + ski + ".crt", "Accept",
                "application/x-pem-file");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            Files.writeString(ssl.dir().resolve("aia.bin"), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = r.body().startsWith("-----BEGIN") ? r.body()
                : ssl.run("openssl x509 -inform DER -in aia.bin");
        return text.strip();
    }

    /** EST cacerts (PEM) of a DMS whose enrollment CA is {@code ca}. */
    static String cacerts(String ca) {
        String dms = "dms-" + ca;
        TestHttp.Response created = api.admin.post("/api/dmsmanager/v1/dms", Map.of("id", dms, "name", dms,
                "settings", Map.of("enrollment_settings", Map.of("enrollment_ca", ca),
                        "ca_distribution_settings", Map.of("include_system_ca", false, "include_enrollment_ca", true,
                                "managed_cas", List.of()))));
        assertThat(created.status()).as(created.body()).isBetween(200, 201);
        TestHttp.Response r = TestHttp.tls(app, null).get("/.well-known/est/" + dms + "/cacerts", "Accept",
                "application/x-pem-file");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body().replace("\r\n", "\n").strip();
    }

    static long keyCount() {
        return app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys");
    }

    static long audits(String action, String id, String outcome) {
        return app.app().jdbc().count("SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ?"
                + " AND outcome = ?", action, id, outcome);
    }
}
