package io.lamassu.alerts.channels;

import io.lamassu.alerts.AttemptResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One HTTP request per attempt, with a connect timeout and a whole-request timeout, HTTP/1.1, and
 * no redirects followed (a redirect is reported, not chased to another host). TLS server
 * certificates and host names are verified against the JDK trust store unless a subscription
 * turned {@code validate_server_cert} off.
 */
public final class HttpDelivery {
    private static final int MAX_BODY_SNIPPET = 200;
    private final HttpClient verifying;
    private final HttpClient trusting;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public HttpDelivery(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.verifying = client(connectTimeout, null);
        this.trusting = client(connectTimeout, trustAll());
        this.requestTimeout = requestTimeout;
    }

    private static HttpClient client(Duration connectTimeout, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        return (ssl == null ? b : b.sslContext(ssl)).build();
    }

    /** Sends {@code body}; 2xx is delivered, anything else (or no answer) failed. */
    public AttemptResult send(String method, String url, String body, Map<String, String> headers,
                              boolean validateServerCert) throws InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(req::header);
        try {
            HttpResponse<InputStream> res = (validateServerCert ? verifying : trusting)
                    .send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            String snippet = snippet(res.body());
            int status = res.statusCode();
            return status / 100 == 2 ? AttemptResult.delivered(status, "HTTP " + status)
                    : AttemptResult.failed(status, "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet));
        } catch (HttpConnectTimeoutException e) {
            return AttemptResult.failed(null, "could not connect within " + connectTimeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return AttemptResult.failed(null, "no response within " + requestTimeout.toMillis() + " ms");
        } catch (SSLHandshakeException e) {
            return AttemptResult.failed(null, "TLS handshake failed: " + e.getMessage());
        } catch (IOException e) {
            return AttemptResult.failed(null, "request failed: " + e);
        }
    }

    private static String snippet(InputStream body) {
        try (InputStream in = body) {
            byte[] head = in.readNBytes(MAX_BODY_SNIPPET);
            return new String(head, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]+", " ").strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** For subscriptions that turned verification off: any certificate, any host name. */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
