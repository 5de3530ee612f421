package io.lamassu.dms.est;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An authorization webhook for EXTERNAL_WEBHOOK tests: answers what the test sets, records what it got. */
final class FakeWebhook implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> status = new AtomicReference<>("200");
    private final AtomicReference<String> answer = new AtomicReference<>("{\"authorized\":true}");
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastApiKey = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastClientSubject = new AtomicReference<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final String scheme;

    private FakeWebhook(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    static FakeWebhook start() {
        try {
            return routes(new FakeWebhook(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Over HTTPS with {@code serverCredential}, requiring a client certificate (recorded, any accepted). */
    static FakeWebhook startMutualTls(io.lamassu.testkit.TestTls.Credential serverCredential) {
        try {
            com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 0);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("s", serverCredential.key(), "x".toCharArray(),
                    new java.security.cert.X509Certificate[] {serverCredential.certificate()});
            var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            FakeWebhook hook = new FakeWebhook(s, "https");
            ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                    hook.lastClientSubject.set(chain[0].getSubjectX500Principal().getName());
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters p) {
                    javax.net.ssl.SSLParameters params = ctx.getDefaultSSLParameters();
                    params.setNeedClientAuth(true);
                    p.setSSLParameters(params);
                }
            });
            return routes(hook);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FakeWebhook routes(FakeWebhook hook) {
        HttpServer s = hook.server;
        {
            s.createContext("/oidc", ex -> reply(ex, "{\"token_endpoint\":\"" + hook.base() + "/token\"}"));
            s.createContext("/token", ex -> {
                String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hook.tokenRequests.incrementAndGet();
                reply(ex, form.contains("client_secret=s3cret") ? "{\"access_token\":\"tok-1\",\"expires_in\":300}"
                        : "{}");
            });
            s.createContext("/authorize", ex -> {
                hook.calls.incrementAndGet();
                hook.lastAuthorization.set(ex.getRequestHeaders().getFirst("Authorization"));
                hook.lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                hook.lastApiKey.set(ex.getRequestHeaders().getFirst("X-Api-Key"));
                byte[] out = hook.answer.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(Integer.parseInt(hook.status.get()), out.length);
                ex.getResponseBody().write(out);
                ex.close();
            });
            s.start();
            return hook;
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    String base() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    String url() {
        return base() + "/authorize";
    }

    String lastAuthorization() {
        return lastAuthorization.get();
    }

    String lastClientSubject() {
        return lastClientSubject.get();
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    void answer(int httpStatus, String body) {
        status.set(Integer.toString(httpStatus));
        answer.set(body);
    }

    JsonNode lastBody() {
        try {
            return Json.MAPPER.readTree(lastBody.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String lastApiKey() {
        return lastApiKey.get();
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
