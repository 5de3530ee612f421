package io.lamassu.dms.est;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.crypto.Pem;
import io.lamassu.crypto.PrivateKeys;
import io.lamassu.dms.DmsSettings.WebhookConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * HTTP clients for the DMS authorization webhook, per its config (upstream-notes §6.10, §7.4):
 * server certificate verified or not ({@code validate_server_cert}); auth {@code noauth},
 * {@code apikey} (a header), {@code mtls} (client certificate and key in PEM) or {@code jwt}
 * (OAuth 2.0 client credentials at the token endpoint of the OIDC {@code well_known} document,
 * the access token cached until shortly before it expires). Clients are cached per TLS identity.
 */
final class WebhookClients {
    private static final int MAX_CACHED = 256;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant refreshAt) {
    }

    HttpClient client(WebhookConfig c) {
        boolean mtls = c.authMode().equals("mtls");
        String key = c.validateServerCert() + "|" + (mtls ? c.mtls().cert() + "|" + c.mtls().key() : "");
        if (clients.size() > MAX_CACHED) {
            clients.clear();
        }
        return clients.computeIfAbsent(key, k -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .sslContext(ssl(c.validateServerCert(), mtls ? c.mtls() : null)).build());
    }

    /** Adds the auth header the config asks for ({@code apikey}, {@code jwt}); nothing for the others. */
    void authenticate(HttpRequest.Builder b, WebhookConfig c, Duration timeout) throws IOException, InterruptedException {
        switch (c.authMode()) {
            case "apikey" -> {
                if (!c.apikey().header().isBlank()) {
                    b.header(c.apikey().header(), c.apikey().key());
                }
            }
            case "jwt" -> b.header("Authorization", "Bearer " + token(c, timeout));
            default -> { }
        }
    }

    private String token(WebhookConfig c, Duration timeout) throws IOException, InterruptedException {
        String cacheKey = c.oidc().wellKnown() + "|" + c.oidc().clientId() + "|" + c.oidc().clientSecret();
        Token cached = tokens.get(cacheKey);
        if (cached != null && Instant.now().isBefore(cached.refreshAt())) {
            return cached.value();
        }
        HttpClient http = client(new WebhookConfig(c.validateServerCert(), c.logLevel(), "noauth", c.callTimeout(),
                c.oidc(), c.apikey(), c.mtls()));
        JsonNode discovery = json(http.send(HttpRequest.newBuilder(URI.create(c.oidc().wellKnown())).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()), "OIDC discovery");
        String endpoint = discovery.path("token_endpoint").asText("");
        if (!endpoint.startsWith("http")) {
            throw unavailable("the OIDC discovery document has no token_endpoint");
        }
        String form = "grant_type=client_credentials&client_id=" + enc(c.oidc().clientId()) + "&client_secret="
                + enc(c.oidc().clientSecret());
        JsonNode answer = json(http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray()),
                "token endpoint");
        String token = answer.path("access_token").asText("");
        if (token.isEmpty()) {
            throw unavailable("the token endpoint returned no access_token");
        }
        long life = Math.max(0, answer.path("expires_in").asLong(60) - 30);
        if (tokens.size() > MAX_CACHED) {
            tokens.clear();
        }
        tokens.put(cacheKey, new Token(token, Instant.now().plusSeconds(life)));
        return token;
    }

    private static JsonNode json(HttpResponse<byte[]> r, String what) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw unavailable("the webhook's " + what + " answered HTTP " + r.statusCode());
        }
        byte[] body = r.body().length > 64 * 1024 ? new byte[0] : r.body();
        return Json.MAPPER.readTree(body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static LamassuException unavailable(String why) {
        return new LamassuException(ErrorKind.UNAVAILABLE, "EST_WEBHOOK_UNAVAILABLE", why);
    }

    private static SSLContext ssl(boolean verify, io.lamassu.dms.DmsSettings.Mtls mtls) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(mtls == null ? null : new KeyManager[] {keyManager(mtls)},
                    verify ? defaultTrust() : new TrustManager[] {new TrustAll()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrustManager[] defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((java.security.KeyStore) null);
        return tmf.getTrustManagers();
    }

    private static KeyManager keyManager(io.lamassu.dms.DmsSettings.Mtls mtls) throws GeneralSecurityException {
        PrivateKey key;
        X509Certificate[] chain;
        try {
            key = PrivateKeys.parse(mtls.key()).getPrivate();
            List<X509Certificate> certs = new java.util.ArrayList<>();
            for (var block : Pem.decodeAll(mtls.cert(), "INVALID_CERTIFICATE")) {
                certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.getContent())));
            }
            chain = certs.toArray(new X509Certificate[0]);
        } catch (LamassuException e) {
            throw unavailable("the webhook's mtls client certificate or key does not parse");
        }
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, javax.net.ssl.SSLEngine e) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
    }

    /**
     * For webhooks whose DMS turned off {@code validate_server_cert} (upstream's option, Go's
     * InsecureSkipVerify): an extended trust manager, so that JSSE does not add its own host name
     * check on top of it.
     */
    private static final class TrustAll extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
