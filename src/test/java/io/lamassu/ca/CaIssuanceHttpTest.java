package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issuance end to end over HTTP: openssl-made CSRs in, certificates openssl verifies out. */
abstract class CaIssuanceHttpTest {
    static TestApp app;
    static CaApi api;
    static final List<CertificateStatusListener.Change> CHANGES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        app.app().certificateService().addStatusListener(CHANGES::add);
        api.createProfile("device-profile", "1y");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void issuesCertificateForOpensslCsrThatOpensslVerifies() {
        String root = unique("root");
        String sub = unique("issuing-ca");
        api.createCa(root, null, "device-profile");
        JsonNode subCa = api.createCa(sub, root, "device-profile");
        assertThat(subCa.get("level").asInt()).isEqualTo(1);
        Openssl ssl = Openssl.inTempDir();
        String csr = ssl.deviceCsrBase64Der("device-001", "/CN=device-001/O=Acme Corp");

        JsonNode cert = api.signOk(sub, csr, "device-profile");

        assertThat(cert.get("serial_number").asText()).matches("([0-9a-f]{2}){8,}");
        assertThat(cert.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(cert.get("subject").get("common_name").asText()).isEqualTo("device-001");
        assertThat(cert.get("subject").get("organization").asText()).isEqualTo("Acme Corp");
        assertThat(cert.get("issuer_metadata").get("id").asText()).isEqualTo(sub);
        assertThat(cert.get("issuer_metadata").get("level").asInt()).isEqualTo(1);
        assertThat(cert.get("key_metadata").toString()).isEqualTo("{\"type\":\"ECDSA\",\"bits\":256,\"strength\":\"HIGH\"}");
        assertThat(cert.get("revocation_reason").asText()).isEqualTo("Unspecified");
        assertThat(cert.get("revocation_timestamp").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(cert.get("is_ca").asBoolean()).isFalse();
        assertThat(cert.get("extensions").get("extended_key_usage").toString()).isEqualTo("[\"ClientAuth\"]");
        assertThat(api.events("ca.sign.certificate", "certificate/" + cert.get("serial_number").asText())).isEqualTo(1);

        ssl.writeCertificate("root.pem", api.ca(root).get("certificate").get("certificate").asText());
        ssl.writeCertificate("sub.pem", subCa.get("certificate").get("certificate").asText());
        ssl.writeCertificate("leaf.pem", cert.get("certificate").asText());
        assertThat(ssl.run("openssl verify -CAfile root.pem -untrusted sub.pem leaf.pem")).contains("leaf.pem: OK");
        assertThat(ssl.run("openssl verify -CAfile root.pem sub.pem")).contains("sub.pem: OK");
        assertExtensions(cert, subCa);
    }

    private static void assertExtensions(JsonNode cert, JsonNode subCa) {
        X509CertificateHolder x = Certificates.parse(cert.get("certificate").asText(), "X");
        String caSki = subCa.get("certificate").get("subject_key_id").asText();
        byte[] ski = SubjectKeyIdentifier.fromExtensions(x.getExtensions()).getKeyIdentifier();
        assertThat(ski).hasSize(32);
        assertThat(Certificates.keyId(x.getSubjectPublicKeyInfo()))
                .isEqualTo(java.util.HexFormat.of().formatHex(ski));
        assertThat(java.util.HexFormat.of().formatHex(
                AuthorityKeyIdentifier.fromExtensions(x.getExtensions()).getKeyIdentifier())).isEqualTo(caSki);
        assertThat(BasicConstraints.fromExtensions(x.getExtensions()).isCA()).isFalse();
        String aia = AuthorityInformationAccess.fromExtensions(x.getExtensions()).getAccessDescriptions()[0]
                .getAccessLocation().getName().toString();
        assertThat(aia).isEqualTo("http://localhost:8080/ocsp");
        String crl = CRLDistPoint.getInstance(x.getExtensions().getExtensionParsedValue(
                org.bouncycastle.asn1.x509.Extension.cRLDistributionPoints)).getDistributionPoints()[0]
                .getDistributionPoint().toString();
        assertThat(crl).contains("http://localhost:8080/crl/" + caSki);
        assertThat(x.getNotAfter().toInstant()).isBefore(java.time.Instant.parse(
                subCa.get("certificate").get("valid_to").asText()).plusSeconds(1));
    }

    @Test
    void upstreamPathAcceptsBase64PemAndLookupsAcceptOtherSerialForms() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        var csr = TestKeys.csr(TestKeys.generate("ECDSA", 256), DistinguishedName.ofCommonName("dev-pem"), List.of());
        String b64Pem = Base64.getEncoder().encodeToString(TestKeys.pem(csr).getBytes());
        TestHttp.Response r = api.operator.post(BASE + "/cas/" + ca + "/certificates/sign", Map.of("csr", b64Pem));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String sn = r.json().get("serial_number").asText();
        String colons = String.join(":", sn.toUpperCase().split("(?<=\\G..)"));
        assertThat(api.certificate(colons).get("serial_number").asText()).isEqualTo(sn);
        assertThat(api.viewer.get(BASE + "/cas/" + ca + "/certificates/" + sn).status()).isEqualTo(200);
        TestHttp.Response raw = api.sign(ca, TestKeys.pem(csr), null);
        assertThat(raw.status()).as(raw.body()).isEqualTo(201);
        JsonNode list = api.viewer.get(BASE + "/cas/" + ca + "/certificates").json();
        assertThat(list.get("list")).hasSize(2);
    }

    @Test
    void holdAndReleaseThenPermanentRevocation() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        String sn = api.signOk(ca, csr("held"), null).get("serial_number").asText();

        TestHttp.Response held = api.setStatus(api.operator, sn, "REVOKED", "CertificateHold");
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        assertThat(held.json().get("revocation_reason").asText()).isEqualTo("CertificateHold");
        TestHttp.Response released = api.setStatus(api.operator, sn, "ACTIVE", null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().get("revocation_timestamp").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(api.setStatus(api.operator, sn, "REVOKED", "KeyCompromise").status()).isEqualTo(200);
        assertError(api.setStatus(api.operator, sn, "ACTIVE", null), 409, "INVALID_STATUS_TRANSITION");
        assertError(api.setStatus(api.operator, sn, "REVOKED", "Bogus"), 400, "INVALID_REVOCATION_REASON");
        assertThat(api.certificate(sn).get("revocation_reason").asText()).isEqualTo("KeyCompromise");
        assertThat(api.events("certificate.status.update", "certificate/" + sn)).isEqualTo(3);
        assertThat(CHANGES.stream().filter(c -> c.serialNumber().equals(sn)).map(c -> c.updated()))
                .containsExactly(CertificateStatus.REVOKED, CertificateStatus.ACTIVE, CertificateStatus.REVOKED);
    }

    @Test
    void revokingCaRevokesItsWholeSubtree() {
        String root = unique("root");
        String mid = unique("mid");
        String leafCa = unique("leafca");
        api.createCa(root, null, "device-profile");
        api.createCa(mid, root, "device-profile");
        api.createCa(leafCa, mid, "device-profile");
        String rootCert = api.signOk(root, csr("r"), null).get("serial_number").asText();
        List<String> below = new ArrayList<>();
        below.add(api.signOk(mid, csr("m"), null).get("serial_number").asText());
        below.add(api.signOk(leafCa, csr("l1"), null).get("serial_number").asText());
        below.add(api.signOk(leafCa, csr("l2"), null).get("serial_number").asText());
        String leafCaSerial = api.ca(leafCa).get("serial_number").asText();

        TestHttp.Response r = api.admin.post(BASE + "/cas/" + mid + "/status",
                Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("certificate").get("revocation_reason").asText()).isEqualTo("KeyCompromise");
        JsonNode child = api.ca(leafCa);
        assertThat(child.get("certificate").get("status").asText()).isEqualTo("REVOKED");
        assertThat(child.get("certificate").get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        for (String sn : below) {
            assertThat(api.certificate(sn).get("status").asText()).isEqualTo("REVOKED");
            assertThat(api.certificate(sn).get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        }
        assertThat(api.ca(root).get("certificate").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.certificate(rootCert).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(CHANGES).extracting(CertificateStatusListener.Change::serialNumber)
                .contains(below.toArray(String[]::new)).contains(leafCaSerial);
        assertError(api.sign(leafCa, csr("late"), null), 409, "CA_NOT_ACTIVE");
        assertThat(api.events("ca.status.update", "ca/" + leafCa)).isEqualTo(1);
    }

    @Test
    void badInputIsRejectedPreciselyAndStoresNothing() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        String good = csr("good");
        byte[] der = Base64.getDecoder().decode(good);
        der[der.length - 3] ^= 0x01;
        String tampered = Base64.getEncoder().encodeToString(der);
        String revoked = unique("revoked");
        api.createCa(revoked, null, "device-profile");
        api.admin.post(BASE + "/cas/" + revoked + "/status", Map.of("status", "REVOKED"));
        long before = api.certificateCount();

        assertError(api.sign(ca, "not base64 at all!!", null), 400, "INVALID_CSR");
        assertError(api.sign(ca, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", null),
                400, "INVALID_CSR");
        assertError(api.sign(ca, Base64.getEncoder().encodeToString("garbage".getBytes()), null), 400, "INVALID_CSR");
        assertError(api.sign(ca, tampered, null), 400, "CSR_SIGNATURE_INVALID");
        assertError(api.sign(ca, csrOf(TestKeys.generate("RSA", 1024)), null), 400, "KEY_TOO_SHORT");
        assertError(api.sign(ca, csrOf(TestKeys.generate("secp256k1", 256)), null), 400, "UNSUPPORTED_KEY");
        assertError(api.sign(ca, csrOf(TestKeys.generate("ECDSA", 521)), null), 400, "KEY_NOT_ALLOWED");
        assertError(api.sign("no-such-ca", good, null), 404, "CA_NOT_FOUND");
        assertError(api.sign(ca, good, "no-such-profile"), 404, "PROFILE_NOT_FOUND");
        assertError(api.sign(revoked, good, null), 409, "CA_NOT_ACTIVE");
        assertError(api.operator.post(BASE + "/cas/" + ca + "/sign", Map.of()), 400, "INVALID_CSR");
        assertError(api.operator.post(BASE + "/cas/" + ca + "/sign", Map.of("csr", good, "extra", 1)), 400,
                "MALFORMED_JSON");
        assertError(api.operator.send("POST", BASE + "/cas/" + ca + "/sign", "text/plain", good), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.viewer.get(BASE + "/certificates?filter=colour[eq]red"), 400, "INVALID_FILTER_FIELD");
        assertError(api.viewer.get(BASE + "/certificates?filter=status[eq]SHINY"), 400, "INVALID_FILTER_VALUE");
        assertError(api.viewer.get(BASE + "/certificates/zz-top"), 400, "INVALID_SERIAL_NUMBER");
        assertError(api.viewer.get(BASE + "/certificates/0a0b"), 404, "CERTIFICATE_NOT_FOUND");

        assertThat(api.certificateCount()).isEqualTo(before);
    }

    @Test
    void rolesAreEnforced() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        assertError(api.viewer.post(BASE + "/cas/" + ca + "/sign", Map.of("csr", csr("v"))), 403, "INSUFFICIENT_ROLE");
        assertError(api.operator.post(BASE + "/cas", CaApi.caBody(unique("x"), null, "X", "device-profile")), 403,
                "INSUFFICIENT_ROLE");
        assertError(api.operator.post(BASE + "/profiles", CaApi.profileBody(unique("p"), "1y")), 403,
                "INSUFFICIENT_ROLE");
        String caSerial = api.ca(ca).get("serial_number").asText();
        assertError(api.setStatus(api.operator, caSerial, "REVOKED", "KeyCompromise"), 403, "FORBIDDEN");
        Map<String, Object> caProfile = CaApi.profileBody("inline", "1y");
        caProfile.put("sign_as_ca", true);
        caProfile.remove("id");
        assertError(api.operator.post(BASE + "/cas/" + ca + "/sign", Map.of("csr", csr("sub"), "profile", caProfile)),
                403, "FORBIDDEN");
        TestHttp.Response asAdmin = api.admin.post(BASE + "/cas/" + ca + "/sign", Map.of("csr", csr("sub"),
                "profile", caProfile));
        assertThat(asAdmin.status()).as(asAdmin.body()).isEqualTo(201);
        assertThat(asAdmin.json().get("is_ca").asBoolean()).isTrue();
        assertThat(api.viewer.get(BASE + "/cas").status()).isEqualTo(200);
        assertError(TestHttp.tls(app, null).get(BASE + "/cas"), 401, "MISSING_TOKEN");
    }

    static String csr(String cn) {
        return TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256), DistinguishedName.ofCommonName(cn),
                List.of()));
    }

    static String csrOf(java.security.KeyPair kp) {
        return TestKeys.base64Der(TestKeys.csr(kp, DistinguishedName.ofCommonName("weak"), List.of()));
    }
}
