package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Importing CAs made by openssl, with and without their keys, and importing certificates. */
class CaImportHttpTest {
    static TestApp app;
    static CaApi api;
    static Openssl ssl;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
        ssl = Openssl.inTempDir();
        ssl.run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.pem"
                + " -subj '/CN=Imported Root/O=Acme' -days 365");
        ssl.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout sub.key -out sub.csr"
                + " -subj '/CN=Imported Sub/O=Acme'");
        ssl.run("printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign,cRLSign\\n"
                + "subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > ca.ext");
        ssl.run("openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -CAcreateserial -out sub.pem -days 100"
                + " -extfile ca.ext");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String b64(String file) {
        return Base64.getEncoder().encodeToString(ssl.read(file).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void importsCaWithKeySignsWithItAndFindsParentsOfLaterImports() {
        String root = unique("imported-root");
        TestHttp.Response r = api.admin.post(BASE + "/cas/import", Map.of("id", root, "ca", b64("root.pem"),
                "private_key", b64("root.key"), "profile_id", "device-profile"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("certificate").get("type").asText()).isEqualTo("IMPORTED_WITH_KEY");
        assertThat(r.json().get("level").asInt()).isZero();
        assertThat(api.events("ca.import", "ca/" + root)).isEqualTo(1);

        JsonNode leaf = api.signOk(root, ssl.deviceCsrBase64Der("imp-dev", "/CN=imp-dev"), null);
        ssl.writeCertificate("imp-leaf.pem", leaf.get("certificate").asText());
        assertThat(ssl.run("openssl verify -CAfile root.pem imp-leaf.pem")).contains("imp-leaf.pem: OK");

        String sub = unique("imported-sub");
        TestHttp.Response s = api.admin.post(BASE + "/cas/import", Map.of("id", sub, "ca", ssl.read("sub.pem")));
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        assertThat(s.json().get("certificate").get("type").asText()).isEqualTo("IMPORTED_WITHOUT_KEY");
        assertThat(s.json().get("level").asInt()).isEqualTo(1);
        assertThat(s.json().get("certificate").get("issuer_metadata").get("id").asText()).isEqualTo(root);
        assertError(api.sign(sub, CaIssuanceHttpTest.csr("x"), "device-profile"), 409, "CA_HAS_NO_KEY");
        // Validation-only CAs may be deleted while ACTIVE (upstream rule).
        assertThat(api.admin.delete(BASE + "/cas/" + sub).status()).isEqualTo(200);
    }

    @Test
    void rejectsKeysThatDoNotMatchAndCertificatesThatAreNotCas() {
        long before = api.certificateCount();
        assertError(api.admin.post(BASE + "/cas/import", Map.of("ca", b64("root.pem"), "private_key", b64("sub.key"))),
                400, "KEY_CERTIFICATE_MISMATCH");
        assertError(api.admin.post(BASE + "/cas/import", Map.of("ca", "bm90IGEgY2VydA==")), 400,
                "INVALID_CERTIFICATE");
        assertError(api.admin.post(BASE + "/cas/import", Map.of("ca", b64("root.pem"), "private_key", "AAAA")), 400,
                "INVALID_PRIVATE_KEY");
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        String leaf = api.signOk(ca, CaIssuanceHttpTest.csr("leaf"), null).get("certificate").asText();
        assertError(api.admin.post(BASE + "/cas/import", Map.of("ca", leaf)), 400, "NOT_A_CA_CERTIFICATE");
        assertThat(api.certificateCount()).isEqualTo(before + 2);
    }

    @Test
    void importsCertificatesWithMetadataOnce() {
        ssl.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext.key -out ext.csr"
                + " -subj '/CN=external-device'");
        ssl.run("openssl x509 -req -in ext.csr -CA root.pem -CAkey root.key -CAcreateserial -out ext.pem -days 10");
        Map<String, Object> body = Map.of("certificate", b64("ext.pem"), "metadata", Map.of("source", "factory"));
        TestHttp.Response r = api.admin.post(BASE + "/certificates/import", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("type").asText()).isEqualTo("IMPORTED_WITHOUT_KEY");
        assertThat(r.json().get("metadata").get("source").asText()).isEqualTo("factory");
        assertThat(r.json().get("subject").get("common_name").asText()).isEqualTo("external-device");
        assertError(api.admin.post(BASE + "/certificates/import", body), 409, "CERTIFICATE_ALREADY_EXISTS");
    }
}
