package io.lamassu.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A small JSON-over-HTTP client for tests, sending a bearer token when one is set. */
public final class TestHttp {
    /**
     * Every response is checked against the server's OpenAPI document (issue 13) unless
     * {@code -Dlamassu.test.openapi=false}; a mismatch fails the test that made the request.
     */
    public static final boolean OPENAPI = !"false".equals(System.getProperty("lamassu.test.openapi"));
    private static final java.util.Map<String, String> DOCUMENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient client;
    private final String base;
    private final String token;

    public TestHttp(HttpClient client, String base, String token) {
        this.client = client;
        this.base = base;
        this.token = token;
    }

    public static TestHttp plain(String base, String token) {
        return new TestHttp(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base, token);
    }

    /** Over HTTPS to {@code app}, trusting only its bootstrap CA (real TLS, hostname checked). */
    public static TestHttp tls(TestApp app, String token) {
        return tls(app.httpsBase(), app.sslContext(), token);
    }

    /** Over HTTPS with any TLS context, e.g. {@code TestTls.withClientCertificate(...)} for EST. */
    public static TestHttp tls(String base, SSLContext ssl, String token) {
        return new TestHttp(HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), base, token);
    }

    public TestHttp withToken(String other) {
        return new TestHttp(client, base, other);
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Response put(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    public Response patch(String path, String contentType, Object body) {
        return send(builder(path).header("Content-Type", contentType).method("PATCH", publisher(body)));
    }

    /** Sends raw bytes (for example a DER body) with extra headers given as name, value pairs. */
    public Response sendBytes(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = builder(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A GET with extra headers given as name, value pairs. */
    public Response get(String path, String... headers) {
        HttpRequest.Builder b = builder(path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.GET());
    }

    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = builder(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private void checkDescribed(HttpRequest request, HttpResponse<String> r) throws IOException, InterruptedException {
        String path = request.uri().getRawPath();
        if (!path.startsWith("/api/") && !path.startsWith("/health") && !path.startsWith("/.well-known/")
                || path.equals("/api/openapi.json")) {
            return;
        }
        String text = DOCUMENTS.get(base);
        if (text == null) {
            HttpResponse<String> d = client.send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json")).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (d.statusCode() != 200) {
                return; // a server without the description (another product under test)
            }
            text = d.body();
            DOCUMENTS.put(base, text);
        }
        java.util.List<String> problems = OpenApiResponses.of(text).check(request.method(),
                java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8),
                r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        if (!problems.isEmpty()) {
            throw new AssertionError("response does not match /api/openapi.json: " + String.join("; ", problems)
                    + "\nbody: " + (r.body().length() > 2000 ? r.body().substring(0, 2000) : r.body()));
        }
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        String text = body instanceof String s ? s : Json.write(body);
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (OPENAPI) {
                checkDescribed(request, r);
            }
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
