package io.lamassu.dms.est;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.Pem;
import io.lamassu.http.ErrorMapper;
import io.lamassu.testkit.RawHttp;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EST wire at the HTTP level: chunked request bodies, size bound, malformed input, media
 * types, RFC 7030 response framing (base64 certs-only, Content-Transfer-Encoding), PEM on request,
 * the unlabelled default DMS, and client certificates forwarded by a trusted proxy.
 */
class EstHttpEdgesTest {
    static TestApp app;
    static CaApi api;

    @BeforeAll
    static void start() {
        LamassuConfig c = TestApp.config("");
        c = c.withServer(c.server().withTrustedProxies(List.of("127.0.0.1")))
                .withPki(new LamassuConfig.Pki(c.pki().publicBaseUrl(), "default-dms"));
        app = TestApp.start(c);
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
        api.createCa("edge-enroll", null, "device-profile");
        api.createCa("edge-bootstrap", null, "device-profile");
        for (String id : List.of("default-dms", "cert-dms")) {
            Map<String, Object> est = Map.of("auth_mode", id.equals("cert-dms") ? "CLIENT_CERTIFICATE" : "NO_AUTH",
                    "client_certificate_settings", Map.of("validation_cas", List.of("edge-bootstrap")));
            TestHttp.Response r = api.admin.post("/api/dmsmanager/v1/dms", Map.of("id", id, "name", id, "settings",
                    Map.of("enrollment_settings", Map.of("enrollment_ca", "edge-enroll", "est_rfc7030_settings", est))));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String csrBase64(String cn) {
        return TestKeys.base64Der(EstClients.csr(EstClients.p256(), cn));
    }

    static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(app.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpsBase() + path)).POST(body)
                .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/pkcs10");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An input-stream publisher has no length, so the client sends Transfer-Encoding: chunked. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    static List<X509Certificate> certsOnly(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pkcs7-mime")
                .contains("smime-type=certs-only");
        assertThat(r.headers().firstValue("Content-Transfer-Encoding")).contains("base64");
        assertThat(r.body().lines().allMatch(l -> l.length() <= 76)).isTrue();
        CMSSignedData sd = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        return sd.getCertificates().getMatches(null).stream().map(EstClients::x509).toList();
    }

    @Test
    void chunkedRequestBodyWithLineBreaksEnrolls() throws Exception {
        String wrapped = Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(csrBase64("edge-chunked")));
        HttpResponse<String> r = post("/.well-known/est/default-dms/simpleenroll",
                chunked(wrapped.getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(certsOnly(r)).singleElement().satisfies(c ->
                assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=edge-chunked"));
    }

    @Test
    void oversizedBodiesAre413ChunkedOrNot() throws Exception {
        byte[] big = new byte[EstRoutes.MAX_BODY + 10];
        java.util.Arrays.fill(big, (byte) 'A');
        HttpResponse<String> chunked = post("/.well-known/est/default-dms/simpleenroll", chunked(big));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        // Expect: 100-continue lets the server refuse on the declared length before the body is sent.
        // A raw socket, not java.net.http: JDK 17's client waits forever when an expect-continue
        // request gets a final status instead of 100 (JDK-8286171), which once hung CI.
        long declared = app.app().config().server().maxBodyBytes() + 10;
        assertThat(statusLineForDeclaredLength("/.well-known/est/default-dms/simpleenroll", declared))
                .startsWith("HTTP/1.1 413");
    }

    /** Sends only the head of a request announcing {@code length} bytes and reads the status line. */
    static String statusLineForDeclaredLength(String path, long length) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + URI.create(app.httpsBase()).getAuthority()
                + "\r\nContent-Type: application/pkcs10\r\nContent-Length: " + length
                + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
        return RawHttp.exchange(app, head, new byte[0]).lines().findFirst().orElse("");
    }

    @Test
    void malformedInputIs400UnknownDms404WrongType415AllPlainText() throws Exception {
        for (String bad : List.of("", "!!!not base64!!!", Base64.getEncoder().encodeToString("hello".getBytes()))) {
            HttpResponse<String> r = post("/.well-known/est/default-dms/simpleenroll",
                    HttpRequest.BodyPublishers.ofString(bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.headers().firstValue(ErrorMapper.CODE_HEADER)).contains("EST_INVALID_CSR");
        }
        HttpResponse<String> noCn = post("/.well-known/est/default-dms/simpleenroll", HttpRequest.BodyPublishers
                .ofString(TestKeys.base64Der(TestKeys.csr(EstClients.p256(), io.lamassu.crypto.DistinguishedName.from(
                        new org.bouncycastle.asn1.x500.X500Name("O=NoCommonName")), List.of()))));
        assertThat(noCn.statusCode()).isEqualTo(400);
        assertThat(post("/.well-known/est/nope/simpleenroll", HttpRequest.BodyPublishers.ofString(csrBase64("x")))
                .statusCode()).isEqualTo(404);
        assertThat(TestHttp.tls(app, null).get("/.well-known/est/nope/cacerts").status()).isEqualTo(404);
        TestHttp.Response json = TestHttp.tls(app, null).sendBytes("POST", "/.well-known/est/default-dms/simpleenroll",
                "application/json", csrBase64("edge-json").getBytes(StandardCharsets.US_ASCII));
        assertThat(json.status()).isEqualTo(415);
        assertThat(api.viewer.get("/api/devmanager/v1/devices/edge-json").status()).isEqualTo(404);
    }

    @Test
    void unlabelledPathsServeTheDefaultDmsAndPemOnRequest() throws Exception {
        TestHttp client = TestHttp.tls(app, null);
        TestHttp.Response pem = client.get("/.well-known/est/cacerts", "Accept", "application/x-pem-file");
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----");
        HttpResponse<String> r = post("/.well-known/est/simpleenroll",
                HttpRequest.BodyPublishers.ofString(csrBase64("edge-default")), "Accept", "application/x-pem-file");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).startsWith("-----BEGIN CERTIFICATE-----");
        TestHttp.Response attrs = client.get("/.well-known/est/csrattrs");
        assertThat(attrs.status()).isEqualTo(200);
        assertThat(attrs.header("Content-Type")).startsWith("application/csrattrs");
    }

    @Test
    void clientCertificateFromATrustedProxyHeaderCounts() throws Exception {
        EstClients.Identity boot = bootstrap("edge-proxied");
        String xfcc = "Cert=\"" + URLEncoder.encode(Pem.encode("CERTIFICATE", boot.leaf().getEncoded()),
                StandardCharsets.UTF_8) + "\"";
        // 127.0.0.1 is a trusted proxy here, and the test config allows the plain listener.
        TestHttp viaProxy = TestHttp.plain(app.httpBase(), null);
        TestHttp.Response r = viaProxy.sendBytes("POST", "/.well-known/est/cert-dms/simpleenroll", "application/pkcs10",
                csrBase64("edge-proxied-dev").getBytes(StandardCharsets.US_ASCII), "X-Forwarded-Client-Cert", xfcc);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        TestHttp.Response none = viaProxy.sendBytes("POST", "/.well-known/est/cert-dms/simpleenroll",
                "application/pkcs10", csrBase64("edge-proxied-dev2").getBytes(StandardCharsets.US_ASCII));
        assertThat(none.status()).isEqualTo(401);
    }

    static EstClients.Identity bootstrap(String cn) throws Exception {
        var kp = EstClients.p256();
        var json = api.signOk("edge-bootstrap", TestKeys.base64Der(EstClients.csr(kp, cn)), "device-profile");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(json.get("certificate").asText())));
        return new EstClients.Identity(kp.getPrivate(), List.of(cert));
    }
}
