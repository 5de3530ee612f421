package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.Pem;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import io.lamassu.testkit.TestTls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
    static TestTls.Credential device = TestTls.selfSigned("device-1");
    static TestTls.Credential other = TestTls.selfSigned("device-2");
    static TestApp plainApp;

    @BeforeAll
    static void start() {
        plainApp = TestApp.start(TestApp.config(""), new ProbeRoutes());
    }

    @AfterAll
    static void stop() {
        plainApp.close();
    }

    static String pem(TestTls.Credential c) throws Exception {
        return Pem.encode("CERTIFICATE", c.certificate().getEncoded());
    }

    static List<String> subjects(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        r.json().get("subjects").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** RFC 3986 percent-encoding as Envoy and nginx ($ssl_client_escaped_cert) write it: '+' becomes %2B. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) b;
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b));
            }
        }
        return out.toString();
    }

    @Test
    void certificatePresentedInTheTlsHandshakeReachesHandlers() {
        TestHttp client = TestHttp.tls(plainApp.httpsBase(), TestTls.withClientCertificate(plainApp.bootstrapCa(),
                device.key(), device.certificate()), null);
        assertThat(subjects(client.get("/probe/client-cert"))).containsExactly("CN=device-1");
    }

    @Test
    void noCertificateMeansAnEmptyChainNotAFailure() {
        assertThat(subjects(TestHttp.tls(plainApp, null).get("/probe/client-cert"))).isEmpty();
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        TestHttp client = TestHttp.tls(plainApp.httpsBase(), TestTls.withClientCertificate(plainApp.bootstrapCa(),
                device.key(), device.certificate()), null);
        String xfcc = "Cert=\"" + URLEncoder.encode(pem(other), StandardCharsets.UTF_8) + "\"";
        assertThat(subjects(client.get("/probe/client-cert", "X-Forwarded-Client-Cert", xfcc)))
                .containsExactly("CN=device-1");
        assertThat(subjects(TestHttp.plain(plainApp.httpBase(), null).get("/probe/client-cert", "ssl-client-cert",
                URLEncoder.encode(pem(other), StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void forwardedHeadersFromATrustedProxyAreBelieved() throws Exception {
        LamassuConfig base = TestApp.config("");
        try (TestApp proxied = TestApp.start(base.withServer(base.server().withAllowApiOverHttp(false)
                .withTrustedProxies(List.of("127.0.0.0/8"))), new ProbeRoutes())) {
            TestHttp viaProxy = TestHttp.plain(proxied.httpBase(), null);
            // Envoy: the element added by the nearest proxy (the last one) wins; Chain beats Cert.
            String xfcc = "By=spiffe://a;Cert=\"" + escape(pem(other)) + "\","
                    + "By=spiffe://b;Hash=abc;Cert=\"" + escape(pem(device))
                    + "\";Chain=\"" + escape(pem(device) + pem(other)) + "\"";
            assertThat(subjects(viaProxy.get("/probe/client-cert", "X-Forwarded-Client-Cert", xfcc)))
                    .containsExactly("CN=device-1", "CN=device-2");
            // nginx $ssl_client_escaped_cert; '+' in base64 must survive decoding.
            assertThat(subjects(viaProxy.get("/probe/client-cert", "ssl-client-cert", escape(pem(device)))))
                    .containsExactly("CN=device-1");
            // Form encoding (space as '+') is tolerated too.
            assertThat(subjects(viaProxy.get("/probe/client-cert", "ssl-client-cert",
                    URLEncoder.encode(pem(other), StandardCharsets.UTF_8)))).containsExactly("CN=device-2");
            TestHttp.Response bad = viaProxy.get("/probe/client-cert", "ssl-client-cert", "garbage");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("code").asText()).isEqualTo("INVALID_CLIENT_CERTIFICATE_HEADER");
            // A trusted proxy has terminated TLS, so the API answers on the plain listener for it.
            assertThat(TestHttp.plain(proxied.httpBase(), proxied.token("viewer")).get("/api/test/probe/1").status())
                    .isEqualTo(200);
        }
    }
}
