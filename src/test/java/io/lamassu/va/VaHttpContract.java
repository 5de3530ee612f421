package io.lamassu.va;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The validation authority against a running server: openssl (ocsp, verify -crl_check) for what it
 * can send, Bouncy Castle-built requests for the rest. CRLs are issued by calling the VA's run
 * directly after a change, so the tests never wait for the scheduler.
 */
abstract class VaHttpContract {
    static TestApp app;
    static CaApi api;
    static HttpClient raw = HttpClient.newHttpClient();
    static String root;
    static String sub;
    static X509CertificateHolder rootCert;
    static X509CertificateHolder subCert;
    static Openssl ssl;

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("va-device", "1y");
        root = "va-root-" + UUID.randomUUID().toString().substring(0, 8);
        sub = "va-sub-" + UUID.randomUUID().toString().substring(0, 8);
        api.createCa(root, null, "va-device");
        api.createCa(sub, root, "va-device");
        rootCert = holder(api.ca(root).get("certificate").get("certificate").asText());
        subCert = holder(api.ca(sub).get("certificate").get("certificate").asText());
        ssl = Openssl.inTempDir();
        ssl.writeCertificate("root.pem", api.ca(root).get("certificate").get("certificate").asText());
        ssl.writeCertificate("sub.pem", api.ca(sub).get("certificate").get("certificate").asText());
        ssl.run("cat sub.pem root.pem > chain.pem");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static X509CertificateHolder holder(String base64Pem) {
        return io.lamassu.crypto.Certificates.parse(base64Pem, "X");
    }

    static String ski(X509CertificateHolder c) {
        return io.lamassu.crypto.Certificates.subjectKeyId(c);
    }

    /** Issues a device certificate under the sub CA, written to {@code name}.pem; returns its serial. */
    static String device(String name) {
        String csr = ssl.deviceCsrBase64Der(name, "/CN=" + name + "/O=Acme Corp");
        JsonNode cert = api.signOk(sub, csr, "va-device");
        ssl.writeCertificate(name + ".pem", cert.get("certificate").asText());
        return cert.get("serial_number").asText();
    }

    static void setStatus(String serial, String status, String reason) {
        TestHttp.Response r = api.setStatus(api.admin, serial, status, reason);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    String ocspWithOpenssl(String name) {
        return ssl.run("openssl ocsp -issuer sub.pem -cert " + name + ".pem -url " + app.httpBase() + "/ocsp"
                + " -CAfile root.pem -verify_other sub.pem -resp_text 2>&1");
    }

    @Test
    void opensslSeesGoodRevokedWithReasonHoldReleaseAndUnknownWithNonceEchoed() {
        String good = "va-good-" + UUID.randomUUID().toString().substring(0, 6);
        String revoked = "va-rev-" + UUID.randomUUID().toString().substring(0, 6);
        String held = "va-hold-" + UUID.randomUUID().toString().substring(0, 6);
        device(good);
        String revokedSerial = device(revoked);
        String heldSerial = device(held);

        String out = ocspWithOpenssl(good);
        assertThat(out).contains(good + ".pem: good", "Response verify OK", "OCSP Nonce")
                .doesNotContain("WARNING: no nonce");
        // Answer from the cache, then the revocation: the very next response must say revoked.
        ocspWithOpenssl(revoked);
        ssl.run("openssl ocsp -issuer sub.pem -cert " + revoked + ".pem -url " + app.httpBase() + "/ocsp -no_nonce"
                + " -CAfile root.pem -verify_other sub.pem");
        setStatus(revokedSerial, "REVOKED", "KeyCompromise");
        assertThat(ssl.run("openssl ocsp -issuer sub.pem -cert " + revoked + ".pem -url " + app.httpBase() + "/ocsp"
                + " -no_nonce -CAfile root.pem -verify_other sub.pem"))
                .contains(revoked + ".pem: revoked", "Reason: keyCompromise");

        assertThat(ocspWithOpenssl(held)).contains(held + ".pem: good");
        setStatus(heldSerial, "REVOKED", "CertificateHold");
        assertThat(ocspWithOpenssl(held)).contains(held + ".pem: revoked", "Reason: certificateHold");
        setStatus(heldSerial, "ACTIVE", null);
        assertThat(ocspWithOpenssl(held)).contains(held + ".pem: good");

        String unknown = ssl.run("openssl ocsp -issuer sub.pem -serial 0x0badc0ffee -url " + app.httpBase() + "/ocsp"
                + " -CAfile root.pem -verify_other sub.pem");
        assertThat(unknown).contains("0x0badc0ffee: unknown", "Response verify OK");
    }

    @Test
    void revokingACaRevokesItsCertificatesInTheNextOcspAnswerAndListsItOnTheParentsCrl() throws Exception {
        String other = "va-other-" + UUID.randomUUID().toString().substring(0, 8);
        api.createCa(other, root, "va-device");
        X509CertificateHolder otherCert = holder(api.ca(other).get("certificate").get("certificate").asText());
        String csr = ssl.deviceCsrBase64Der("va-under-other", "/CN=va-under-other");
        String serial = api.signOk(other, csr, "va-device").get("serial_number").asText();
        byte[] req = new OCSPReqBuilder().addRequest(id(sha1(), otherCert, serial)).build().getEncoded();
        assertThat(post("/ocsp", req).getResponses()[0].getCertStatus()).isNull();
        assertThat(post("/ocsp", req).getResponses()[0].getCertStatus()).as("served from the cache").isNull();
        TestHttp.Response r = api.admin.post(CaApi.BASE + "/cas/" + other + "/status",
                Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        SingleResp after = post("/ocsp", req).getResponses()[0];
        assertThat(after.getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) after.getCertStatus()).getRevocationReason()).isEqualTo(5);
        app.app().va().runOnce();
        BigInteger otherSerial = otherCert.getSerialNumber();
        assertThat(crl(ski(rootCert), false).getRevokedCertificate(otherSerial)).isNotNull();
    }

    @Test
    void getRequestsInStandardBase64AndBase64UrlCarryCachingHeaders() throws Exception {
        String name = "va-get-" + UUID.randomUUID().toString().substring(0, 6);
        String serial = device(name);
        ssl.run("openssl ocsp -issuer sub.pem -cert " + name + ".pem -no_nonce -reqout " + name + ".req");
        byte[] req = Files.readAllBytes(ssl.dir().resolve(name + ".req"));
        String std = URLEncoder.encode(Base64.getEncoder().encodeToString(req), StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = get("/ocsp/" + std);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/ocsp-response");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).matches("max-age=\\d+, public.*");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        Files.write(ssl.dir().resolve(name + ".resp"), r.body());
        assertThat(ssl.run("openssl ocsp -respin " + name + ".resp -issuer sub.pem -cert " + name + ".pem"
                + " -CAfile root.pem -verify_other sub.pem")).contains(name + ".pem: good");

        setStatus(serial, "REVOKED", "Superseded");
        HttpResponse<byte[]> url = get("/api/va/ocsp/" + Base64.getUrlEncoder().encodeToString(req));
        assertThat(url.statusCode()).isEqualTo(200);
        Files.write(ssl.dir().resolve(name + ".resp2"), url.body());
        assertThat(ssl.run("openssl ocsp -respin " + name + ".resp2 -issuer sub.pem -cert " + name + ".pem"
                + " -CAfile root.pem -verify_other sub.pem")).contains(name + ".pem: revoked", "Reason: superseded");
    }

    @Test
    void severalCertIdsSha256AndForeignSerialsInOneBouncyCastleRequest() throws Exception {
        String a = device("va-multi-a-" + UUID.randomUUID().toString().substring(0, 6));
        String b = device("va-multi-b-" + UUID.randomUUID().toString().substring(0, 6));
        setStatus(b, "REVOKED", "AffiliationChanged");
        OCSPReqBuilder rb = new OCSPReqBuilder();
        rb.addRequest(id(sha1(), subCert, a));
        rb.addRequest(id(sha256(), subCert, b));
        rb.addRequest(id(sha256(), subCert, "0badc0ffee01"));
        // A certificate of another CA asked under this issuer: that CA did not issue it.
        rb.addRequest(id(sha1(), subCert, api.ca(sub).get("serial_number").asText()));
        BasicOCSPResp resp = post("/ocsp", rb.build().getEncoded());
        assertThat(resp.isSignatureValid(new JcaContentVerifierProviderBuilder().build(subCert))).isTrue();
        SingleResp[] answers = resp.getResponses();
        assertThat(answers).hasSize(4);
        assertThat(answers[0].getCertStatus()).isNull();
        assertThat(answers[0].getCertID().getHashAlgOID().getId()).isEqualTo("1.3.14.3.2.26");
        assertThat(answers[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) answers[1].getCertStatus()).getRevocationReason()).isEqualTo(3);
        assertThat(answers[1].getCertID().getHashAlgOID().getId()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(answers[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(answers[3].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(answers[0].getNextUpdate()).isAfter(answers[0].getThisUpdate());
    }

    @Test
    void badInputAnswersOcspErrorStatusesNeverHttpErrors() throws Exception {
        assertThat(postStatus("/ocsp", "garbage".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(postStatus("/ocsp", new byte[0])).isEqualTo(1);
        assertThat(postStatus("/ocsp", new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isEqualTo(1);
        for (String path : new String[] {"/ocsp/%25%25not-base64", "/ocsp/Z2FyYmFnZQ%3D%3D", "/api/va/ocsp/-_-_"}) {
            HttpResponse<byte[]> g = get(path);
            assertThat(g.statusCode()).as(path).isEqualTo(200);
            assertThat(new OCSPResp(g.body()).getStatus()).as(path).isEqualTo(1);
        }
        // Right key hash, wrong name hash: not an issuer this responder knows.
        CertificateID real = id(sha1(), subCert, "01");
        CertificateID badName = new CertificateID(new org.bouncycastle.asn1.ocsp.CertID(real.toASN1Primitive()
                .getHashAlgorithm(), new DEROctetString(new byte[20]), new DEROctetString(real.getIssuerKeyHash()),
                new org.bouncycastle.asn1.ASN1Integer(1)));
        assertThat(postStatus("/ocsp", new OCSPReqBuilder().addRequest(badName).build().getEncoded())).isEqualTo(6);
        CertificateID badKey = new CertificateID(new org.bouncycastle.asn1.ocsp.CertID(real.toASN1Primitive()
                .getHashAlgorithm(), new DEROctetString(real.getIssuerNameHash()), new DEROctetString(new byte[20]),
                new org.bouncycastle.asn1.ASN1Integer(1)));
        assertThat(postStatus("/ocsp", new OCSPReqBuilder().addRequest(badKey).build().getEncoded())).isEqualTo(6);
        assertThat(postStatus("/ocsp", withNonce(real, 33))).isEqualTo(1);
    }

    @Test
    void nonceOfUpToThirtyTwoOctetsIsEchoedAndSignedPerRequest() throws Exception {
        CertificateID cid = id(sha1(), subCert, device("va-nonce-" + UUID.randomUUID().toString().substring(0, 6)));
        byte[] req = withNonce(cid, 32);
        BasicOCSPResp first = post("/api/va/ocsp", req);
        Extension sent = new OCSPReq(req).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(first.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isEqualTo(sent);
        BasicOCSPResp other = post("/api/va/ocsp", withNonce(cid, 16));
        assertThat(other.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotEqualTo(sent);
    }

    @Test
    void crlsListRevocationsOpensslVerifiesWithCrlCheckAndCrlCheckAll() {
        String ok = "va-crl-ok-" + UUID.randomUUID().toString().substring(0, 6);
        String bad = "va-crl-bad-" + UUID.randomUUID().toString().substring(0, 6);
        device(ok);
        String badSerial = device(bad);
        app.app().va().runOnce();
        long before = crl(ski(subCert), false).getExtensionValue("2.5.29.20").length;
        assertThat(before).isPositive();
        long numberBefore = crlNumber(ski(subCert));
        setStatus(badSerial, "REVOKED", "KeyCompromise");
        app.app().va().runOnce();
        X509CRL crl = crl(ski(subCert), false);
        assertThat(crlNumber(ski(subCert))).isGreaterThan(numberBefore);
        X509CRLEntry entry = crl.getRevokedCertificate(new BigInteger(badSerial, 16));
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        writeCrl("sub.crl.pem", ski(subCert), false);
        writeCrl("root.crl.pem", ski(rootCert), false);
        assertThat(ssl.run("openssl verify -crl_check -CAfile root.pem -untrusted sub.pem -CRLfile sub.crl.pem "
                + ok + ".pem")).contains(": OK");
        assertThat(ssl.run("openssl verify -crl_check_all -CAfile root.pem -untrusted sub.pem -CRLfile sub.crl.pem"
                + " -CRLfile root.crl.pem " + ok + ".pem")).contains(": OK");
        assertThat(ssl.run("openssl verify -crl_check -CAfile root.pem -untrusted sub.pem -CRLfile sub.crl.pem "
                + bad + ".pem || true")).contains("certificate revoked");
        assertThat(ssl.run("openssl crl -in sub.crl.pem -noout -text")).contains("X509v3 Issuing Distribution Point",
                "X509v3 Authority Key Identifier", "X509v3 CRL Number");
    }

    @Test
    void deltaCrlsCarryChangesSinceTheBaseAndOpensslUsesThem() {
        TestHttp.Response put = api.admin.put(VaHttpContract.ROLES + "/" + ski(subCert), Map.of("crl_options",
                Map.of("delta_crl_enabled", true, "delta_crl_validity", "1h")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        app.app().va().runOnce();
        String later = "va-delta-" + UUID.randomUUID().toString().substring(0, 6);
        String serial = device(later);
        app.app().va().runOnce();
        setStatus(serial, "REVOKED", "CessationOfOperation");
        app.app().va().runOnce();
        X509CRL base = crl(ski(subCert), false);
        X509CRL delta = crl(ski(subCert), true);
        assertThat(base.getExtensionValue("2.5.29.46")).as("Freshest CRL in the base").isNotNull();
        assertThat(delta.getExtensionValue("2.5.29.27")).as("delta CRL indicator").isNotNull();
        assertThat(base.getRevokedCertificate(new BigInteger(serial, 16))).isNull();
        assertThat(delta.getRevokedCertificate(new BigInteger(serial, 16))).isNotNull();
        writeCrl("dbase.pem", ski(subCert), false);
        writeCrl("ddelta.pem", ski(subCert), true);
        writeCrl("droot.pem", ski(rootCert), false);
        assertThat(ssl.run("openssl verify -crl_check -use_deltas -CAfile root.pem -untrusted sub.pem"
                + " -CRLfile dbase.pem -CRLfile ddelta.pem " + later + ".pem || true")).contains("certificate revoked");
        assertThat(ssl.run("openssl verify -crl_check_all -use_deltas -CAfile root.pem -untrusted sub.pem"
                + " -CRLfile dbase.pem -CRLfile ddelta.pem -CRLfile droot.pem " + later + ".pem || true"))
                .contains("certificate revoked");
        TestHttp.Response pem = TestHttp.plain(app.httpBase(), null).get("/crl/" + ski(subCert) + "/delta",
                "Accept", "application/x-pem-file");
        assertThat(pem.body()).startsWith("-----BEGIN X509 CRL-----");
        api.admin.put(VaHttpContract.ROLES + "/" + ski(subCert), Map.of("delta_crl_enabled", false));
    }

    static final String ROLES = "/api/va/v1/roles";

    @Test
    void rolesExistForEveryCaWithDefaultsAndAreValidated() {
        TestHttp.Response list = api.viewer.get(ROLES);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(ski(rootCert), ski(subCert));
        JsonNode role = api.viewer.get(ROLES + "/" + ski(rootCert)).json();
        assertThat(role.get("crl_options").get("validity").asText()).isEqualTo("1w");
        assertThat(role.get("crl_options").get("regenerate_on_revoke").asBoolean()).isTrue();
        assertThat(role.get("ocsp_options").get("validity").asText()).isEqualTo("1h");
        assertThat(api.viewer.put(ROLES + "/" + ski(rootCert), Map.of("validity", "2w")).status()).isEqualTo(403);
        CaApi.assertError(api.admin.put(ROLES + "/" + ski(rootCert), Map.of("validity", "1s")), 400, "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(ROLES + "/" + ski(rootCert), Map.of("validity", "99999999999999999999y")),
                400, "INVALID_DURATION");
        CaApi.assertError(api.admin.put(ROLES + "/" + ski(rootCert), Map.of("nonsense", 1)), 400, "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(ROLES + "/" + ski(rootCert), Map.of("regenerate_on_revoke", "yes")), 400,
                "INVALID_VA_ROLE");
        CaApi.assertError(api.admin.put(ROLES + "/abcd", Map.of("validity", "2w")), 404, "VA_ROLE_NOT_FOUND");
        CaApi.assertError(api.viewer.get(ROLES + "/not-hex"), 400, "INVALID_SKI");
        JsonNode updated = api.admin.put(ROLES + "/" + ski(rootCert), Map.of("validity", "2w", "refresh_interval",
                "1w", "subject_key_id_signer", ski(rootCert), "regenerate_on_revoke", true)).json();
        assertThat(updated.get("crl_options").get("validity").asText()).isEqualTo("2w");
        app.app().va().runOnce();
        X509CRL crl = crl(ski(rootCert), false);
        assertThat(crl.getNextUpdate().getTime() - crl.getThisUpdate().getTime()).isEqualTo(14L * 86_400_000);
    }

    @Test
    void caCreatedBeforeTheVaGetsItsRoleOnTheNextRun() {
        app.app().jdbc().update("DELETE FROM va_roles WHERE ca_ski = ?", ski(rootCert));
        assertThat(api.viewer.get(ROLES + "/" + ski(rootCert)).status()).isEqualTo(404);
        app.app().va().runOnce();
        assertThat(api.viewer.get(ROLES + "/" + ski(rootCert)).status()).isEqualTo(200);
        assertThat(crlNumber(ski(rootCert))).isPositive();
    }

    @Test
    void issuedCertificatesPointAtTheIssuerCertificateWhichIsServed() throws Exception {
        String name = "va-aia-" + UUID.randomUUID().toString().substring(0, 6);
        device(name);
        assertThat(ssl.run("openssl x509 -in " + name + ".pem -noout -text"))
                .contains("CA Issuers - URI:http://localhost:8080/ca/" + ski(subCert) + ".crt");
        HttpResponse<byte[]> r = get("/ca/" + ski(subCert) + ".crt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pkix-cert");
        assertThat(r.body()).isEqualTo(subCert.getEncoded());
        assertThat(get("/ca/00ff.crt").statusCode()).isEqualTo(404);
        assertThat(get("/crl/00ff").statusCode()).isEqualTo(404);
        assertThat(get("/api/va/v1/crl/" + ski(subCert)).statusCode()).as("public, no token, plain HTTP")
                .isEqualTo(200);
    }

    // ---- helpers

    static DigestCalculator sha1() throws Exception {
        return new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
    }

    static DigestCalculator sha256() throws Exception {
        return new JcaDigestCalculatorProviderBuilder().build().get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
    }

    static CertificateID id(DigestCalculator d, X509CertificateHolder issuer, String serialHex) throws Exception {
        return new CertificateID(d, issuer, new BigInteger(serialHex, 16));
    }

    static byte[] withNonce(CertificateID id, int octets) throws IOException, org.bouncycastle.cert.ocsp.OCSPException {
        byte[] nonce = new byte[octets];
        new java.security.SecureRandom().nextBytes(nonce);
        return new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(new DEROctetString(nonce)))))
                .build().getEncoded();
    }

    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);

    static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return raw.send(HttpRequest.newBuilder(URI.create(app.httpBase() + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> postRaw(String path, byte[] body) throws IOException, InterruptedException {
        return raw.send(HttpRequest.newBuilder(URI.create(app.httpBase() + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static int postStatus(String path, byte[] body) throws Exception {
        HttpResponse<byte[]> r = postRaw(path, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isNotEmpty();
        return new OCSPResp(r.body()).getStatus();
    }

    static BasicOCSPResp post(String path, byte[] body) throws Exception {
        HttpResponse<byte[]> r = postRaw(path, body);
        assertThat(r.statusCode()).isEqualTo(200);
        OCSPResp resp = new OCSPResp(r.body());
        assertThat(resp.getStatus()).isZero();
        return (BasicOCSPResp) resp.getResponseObject();
    }

    static X509CRL crl(String ski, boolean delta) {
        try {
            HttpResponse<byte[]> r = get("/crl/" + ski + (delta ? "/delta" : ""));
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pkix-crl");
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(r.body()));
            X509CertificateHolder issuer = ski.equals(ski(subCert)) ? subCert : rootCert;
            crl.verify(new JcaX509CertificateConverter().getCertificate(issuer).getPublicKey());
            return crl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static long crlNumber(String ski) {
        return app.app().jdbc().queryOne("SELECT base_number FROM va_roles WHERE ca_ski = ?", rs -> rs.getLong(1), ski)
                .orElse(0L);
    }

    static void writeCrl(String file, String ski, boolean delta) {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/crl/" + ski + (delta ? "/delta" : ""),
                "Accept", "application/x-pem-file");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            Files.writeString(ssl.dir().resolve(file), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
