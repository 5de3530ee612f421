package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpPlatformTest {
    static TestApp app;
    static TestHttp admin;

    @BeforeAll
    static void start() {
        app = TestApp.start(TestApp.config(""), new ProbeRoutes());
        admin = TestHttp.tls(app, app.token("admin"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthAnswersOnBothListenersWithRequestIdAndSecureHeaders() {
        for (TestHttp client : List.of(TestHttp.plain(app.httpBase(), null), TestHttp.tls(app, null))) {
            for (String path : List.of("/health", "/health/live", "/health/ready")) {
                TestHttp.Response r = client.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.json().get("status").asText()).isEqualTo("UP");
                assertThat(r.header("X-Request-Id")).isNotBlank();
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            }
        }
        assertThat(TestHttp.plain(app.httpBase(), null).get("/health/ready").json().at("/checks/database").asText())
                .isEqualTo("UP");
    }

    /** ADR 0210: which provider signs is visible in health details and as a gauge. */
    @Test
    void healthDetailsAndMetricsNameTheCryptoProvider() {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/health");
        boolean nativeActive = io.lamassu.crypto.CryptoProviders.nativeActive();
        assertThat(r.json().at("/details/crypto/native").asBoolean()).isEqualTo(nativeActive);
        assertThat(r.json().at("/details/crypto/mode").asText()).isEqualTo("auto");
        assertThat(TestHttp.plain(app.httpBase(), null).get("/metrics").body())
                .contains("lamassu_crypto_native{provider=\"" + (nativeActive ? "native" : "bouncycastle") + "\"} "
                        + (nativeActive ? "1.0" : "0.0"));
    }

    @Test
    void httpsResponsesCarryStrictTransportSecurityAndPlainOnesDoNot() {
        assertThat(TestHttp.tls(app, null).get("/health").header("Strict-Transport-Security")).contains("max-age=");
        assertThat(TestHttp.plain(app.httpBase(), null).get("/health").header("Strict-Transport-Security")).isNull();
    }

    @Test
    void callerRequestIdIsEchoedAndInsaneOnesReplaced() {
        assertThat(admin.get("/health", "X-Request-Id", "abc-123").header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(admin.get("/health", "X-Request-Id", "bad id with spaces").header("X-Request-Id"))
                .isNotEqualTo("bad id with spaces").isNotBlank();
    }

    @Test
    void metricsArePrometheusTextWithRouteTemplatesAndJvmBasics() {
        admin.get("/api/test/probe/42");
        admin.get("/api/test/probe/43");
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body()).contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                + "route=\"/api/test/probe/{id}\",status=\"200\"}");
        assertThat(r.body()).doesNotContain("/api/test/probe/42").contains("jvm_memory_used_bytes");
    }

    @Test
    void unknownRouteIsProblemJson404AndWrongMethodIs405() {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/no/such/thing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
        TestHttp.Response api = admin.get("/api/ca/v1/nothing-here");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.json().get("code").asText()).isEqualTo("NOT_FOUND");
        TestHttp.Response m = admin.put("/api/test/probe/1", Map.of());
        assertThat(m.status()).isEqualTo(405);
        assertThat(m.header("Content-Type")).startsWith("application/problem+json");
        assertThat(m.json().get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void errorsRaisedByJettyItselfAreProblemJsonToo() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(app.httpBase() + "/" + "a".repeat(20_000)))
                .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(414);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"URI_TOO_LONG\"").doesNotContain("<html");
    }

    @Test
    void aRequestLineJettyCannotReadIs400NotA5xx() throws Exception {
        // Jetty reports an unreadable request line as 505 (also, now and then, an over-long URI
        // split across TLS records); a client's malformed request must never be a 5xx.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                Integer.parseInt(app.httpBase().replaceAll(".*:", "")))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/7.3\r\nHost: localhost\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readNBytes(2048), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("application/problem+json").contains("\"code\":\"BAD_REQUEST\"");
        }
    }

    @Test
    void internalErrorCarriesOnlyTheRequestId() {
        TestHttp.Response r = admin.get("/api/test/boom", "X-Request-Id", "req-500");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("postgresql").doesNotContain("Exception");
        assertThat(r.json().get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(r.json().get("request_id").asText()).isEqualTo("req-500");
    }

    @Test
    void wrongContentTypeIs415() {
        TestHttp.Response r = admin.send("POST", "/api/test/probe", "text/plain", "{\"a\":1}");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(admin.post("/api/test/probe", Map.of("a", 1)).status()).isEqualTo(201);
    }

    @Test
    void oversizedBodyWithContentLengthIs413() throws Exception {
        // A raw socket announces 70 KiB but sends only the headers and a little of the body: the
        // answer must come from the declared length alone. (A client still writing the whole body
        // when the server answers and closes can see a broken pipe instead of the 413 — a race of
        // the client, not of the server, which made an HttpClient-based version of this test flaky.)
        int length = 70 * 1024;
        String head = "POST /api/test/probe HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + app.token("admin") + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
        String response = io.lamassu.testkit.RawHttp.exchange(app, head,
                "{\"a\":\"xxxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("application/problem+json").contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        byte[] big = ("{\"a\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes();
        HttpClient client = HttpClient.newBuilder().sslContext(app.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        // An InputStream publisher has no known length, so the client sends Transfer-Encoding: chunked.
        HttpRequest req = HttpRequest.newBuilder(URI.create(app.httpsBase() + "/api/test/probe"))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + app.token("admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        TestHttp anon = TestHttp.tls(app, null);
        TestHttp.Response ok = anon.get("/health", "Origin", "https://console.example");
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://console.example");
        TestHttp.Response other = anon.get("/health", "Origin", "https://evil.example");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        TestHttp.Response preflight = anon.sendBytes("OPTIONS", "/api/test/probe", null, new byte[0],
                "Origin", "https://console.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        assertThat(preflight.status()).as(preflight.body()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://console.example");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
    }

    @Test
    void accessLogHasRouteTemplateStatusAndRequestIdButNeverTheToken() {
        Logger access = (Logger) LoggerFactory.getLogger("io.lamassu.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        try {
            String token = app.token("viewer");
            TestHttp.tls(app, token).get("/api/test/probe/7", "X-Request-Id", "log-me-1");
            String line = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("log-me-1")).findFirst().orElseThrow();
            assertThat(line).contains("GET", "/api/test/probe/{id}", "status=200", "duration_ms=");
            assertThat(line).doesNotContain(token).doesNotContain("Bearer");
        } finally {
            access.setLevel(before);
            access.detachAppender(lines);
        }
    }

    @Test
    void withoutConfiguredOriginsNoCorsHeadersAreSent() {
        LamassuConfig base = TestApp.config("");
        LamassuConfig.Server s = base.server();
        LamassuConfig noCors = base.withServer(new LamassuConfig.Server(s.host(), 0, 0, s.tlsHostnames(), List.of(),
                s.maxBodyBytes(), s.trustedProxies(), true));
        try (TestApp plain = TestApp.start(noCors)) {
            assertThat(TestHttp.tls(plain, null).get("/health", "Origin", "https://console.example")
                    .header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void apiOnThePlainListenerIsRefusedUnlessAllowed() {
        LamassuConfig base = TestApp.config("");
        try (TestApp strict = TestApp.start(base.withServer(base.server().withAllowApiOverHttp(false)),
                new ProbeRoutes())) {
            TestHttp.Response plain = TestHttp.plain(strict.httpBase(), strict.token("admin")).get("/api/test/probe/1");
            assertThat(plain.status()).isEqualTo(403);
            assertThat(plain.json().get("code").asText()).isEqualTo("HTTPS_REQUIRED");
            assertThat(TestHttp.tls(strict, strict.token("admin")).get("/api/test/probe/1").status()).isEqualTo(200);
            assertThat(TestHttp.plain(strict.httpBase(), null).get("/health").status()).isEqualTo(200);
        }
    }
}
