package io.lamassu.dms;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestCertificates;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Identity binding over HTTP with the real CA (issue 7, defect 4): both binding endpoints accept a
 * certificate only when it was issued under the device's DMS's enrollment CA or one of its
 * validation CAs, at any depth, checked by issuer name and signature; anything else is a 409
 * CERTIFICATE_ISSUER_NOT_TRUSTED that changes nothing.
 */
abstract class IdentityBindingIssuerHttpContract {
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";
    static TestApp app;
    static CaApi api;

    /** enroll-root → enroll-sub → enroll-leaf-ca; validation-root → validation-sub; other-root unrelated. */
    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
        api.createCa("enroll-root", null, "device-profile");
        api.createCa("enroll-sub", "enroll-root", "device-profile");
        api.createCa("enroll-leaf-ca", "enroll-sub", "device-profile");
        api.createCa("validation-root", null, "device-profile");
        api.createCa("validation-sub", "validation-root", "device-profile");
        api.createCa("other-root", null, "device-profile");
        createDms("factory-dms", Map.of("enrollment_settings", Map.of("enrollment_ca", "enroll-sub",
                "est_rfc7030_settings", Map.of("client_certificate_settings",
                        Map.of("validation_cas", List.of("validation-root"))))));
        createDms("bare-dms", Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static void createDms(String id, Map<String, Object> settings) {
        TestHttp.Response r = api.admin.post(DMS + "/dms", Map.of("id", id, "name", id, "settings", settings));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static String device(String id, String dms) {
        TestHttp.Response r = api.operator.post(DEV + "/devices", Map.of("id", id, "dms_id", dms));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    static String issue(String caId, String cn) {
        String csr = TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256),
                DistinguishedName.ofCommonName(cn), List.of()));
        return api.signOk(caId, csr, "device-profile").get("serial_number").asText();
    }

    static TestHttp.Response bindIdentity(String deviceId, String serial) {
        return api.operator.post(DMS + "/dms/bind-identity", Map.of("device_id", deviceId,
                "certificate_serial_number", serial));
    }

    static TestHttp.Response putIdSlot(String deviceId, String serial) {
        return api.operator.put(DEV + "/devices/" + deviceId + "/idslot", Map.of("certificate_serial_number", serial));
    }

    static void assertBound(TestHttp.Response r, String serial) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode device = r.json().has("device") ? r.json().get("device") : r.json();
        assertThat(device.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(device.get("identity_slot").get("serial_number").asText()).isEqualTo(serial);
    }

    /** Both endpoints refuse, and neither the device, the certificate nor the outbox changed. */
    static void assertRefused(String deviceId, String serial) {
        String deviceBefore = api.viewer.get(DEV + "/devices/" + deviceId).body();
        String certBefore = api.certificate(serial).toString();
        assertError(bindIdentity(deviceId, serial), 409, "CERTIFICATE_ISSUER_NOT_TRUSTED");
        assertError(putIdSlot(deviceId, serial), 409, "CERTIFICATE_ISSUER_NOT_TRUSTED");
        assertThat(api.viewer.get(DEV + "/devices/" + deviceId).body()).isEqualTo(deviceBefore);
        assertThat(api.certificate(serial).toString()).isEqualTo(certBefore);
        assertThat(api.events("device.identity.update", "device/" + deviceId)).isZero();
        assertThat(api.events("certificate.metadata.update", "certificate/" + serial)).isZero();
    }

    @Test
    void acceptsCertificatesOfTheEnrollmentCaAndOfCasBelowIt() {
        String direct = issue("enroll-sub", "dev-direct");
        assertBound(bindIdentity(device("dev-direct", "factory-dms"), direct), direct);
        String below = issue("enroll-leaf-ca", "dev-below");
        assertBound(putIdSlot(device("dev-below", "factory-dms"), below), below);
    }

    @Test
    void acceptsCertificatesOfAValidationCaAndOfCasBelowIt() {
        String direct = issue("validation-root", "dev-val");
        assertBound(putIdSlot(device("dev-val", "factory-dms"), direct), direct);
        String below = issue("validation-sub", "dev-val-sub");
        assertBound(bindIdentity(device("dev-val-sub", "factory-dms"), below), below);
    }

    @Test
    void refusesCertificatesOfUnrelatedCasAndOfCasAboveTheEnrollmentCa() {
        device("dev-x", "factory-dms");
        assertRefused("dev-x", issue("other-root", "dev-x"));
        // Trust flows down a hierarchy, never up: enroll-root is the enrollment CA's parent.
        assertRefused("dev-x", issue("enroll-root", "dev-x"));
        assertThat(api.viewer.get(DEV + "/devices/dev-x").json().get("status").asText()).isEqualTo("NO_IDENTITY");
    }

    @Test
    void refusesEveryCertificateForADmsThatNamesNoCa() {
        assertRefused(device("dev-bare", "bare-dms"), issue("enroll-sub", "dev-bare"));
    }

    @Test
    void refusesACertificateThatOnlyClaimsTheEnrollmentCaAsIssuer() {
        // Issuer name and AKI of enroll-sub, but signed by a stranger's key: imported, it records no issuer,
        // and the chain walk must not take the name or key id for the signature.
        X509CertificateHolder enrollSub = x509(api.ca("enroll-sub"));
        KeyPair stranger = TestKeys.generate("ECDSA", 256);
        X509CertificateHolder forged = TestCertificates.certificate("CN=dev-forged", stranger, enrollSub.getSubject(),
                HexFormat.of().parseHex(Certificates.subjectKeyId(enrollSub)), TestKeys.generate("ECDSA", 256), false);
        String serial = importCertificate(forged);
        assertRefused(device("dev-forged", "factory-dms"), serial);
    }

    @Test
    void followsTheRealChainWhenTheStoredIssuerIsUnknown() {
        // A certificate imported before its CA records issuer "-": the chain is found by AKI and signature.
        KeyPair rootKey = TestKeys.generate("ECDSA", 256);
        X500Name rootName = new X500Name("CN=External Factory Root");
        X509CertificateHolder root = TestCertificates.selfSignedCa(rootName.toString(), rootKey);
        X509CertificateHolder leaf = TestCertificates.certificate("CN=dev-ext", rootKey, rootName,
                TestCertificates.keyId(rootKey),
                TestKeys.generate("ECDSA", 256), false);
        String serial = importCertificate(leaf);
        assertThat(api.certificate(serial).get("issuer_metadata").get("id").asText()).isEqualTo("-");
        TestHttp.Response ca = api.admin.post(BASE + "/cas/import", Map.of("id", "external-root",
                "ca", Certificates.base64Pem(root)));
        assertThat(ca.status()).as(ca.body()).isEqualTo(201);
        createDms("external-dms", Map.of("reenrollment_settings", Map.of("additional_validation_cas",
                List.of("external-root"))));
        assertBound(bindIdentity(device("dev-ext", "external-dms"), serial), serial);
    }

    static X509CertificateHolder x509(JsonNode ca) {
        return Certificates.parse(ca.get("certificate").get("certificate").asText(), "TEST");
    }

    static String importCertificate(X509CertificateHolder cert) {
        TestHttp.Response r = api.admin.post(BASE + "/certificates/import", Map.of("certificate",
                Certificates.base64Pem(cert), "metadata", Map.of()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("serial_number").asText();
    }
}
