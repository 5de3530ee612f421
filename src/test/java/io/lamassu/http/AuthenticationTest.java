package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.lamassu.config.LamassuConfig;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
    static TestApp app;
    static ECKey embeddedKey;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(TestApp.config(""), new ProbeRoutes());
        embeddedKey = ECKey.parse(Files.readString(app.dataDir().resolve(EmbeddedTokenIssuer.KEY_FILE)));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static TestHttp api(String token) {
        return TestHttp.tls(app, token);
    }

    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder().issuer("lamassu").audience("lamassu").subject("alice")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .claim("realm_access", Map.of("roles", List.of("admin")));
    }

    static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    static void assertUnauthorized(TestHttp.Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void healthNeedsNoTokenAndCarriesRequestId() {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void validEmbeddedTokenIsAccepted() throws Exception {
        assertThat(api(sign(embeddedKey, claims(app.clock().instant()).build())).get("/api/test/probe/1").status())
                .isEqualTo(200);
        assertThat(api(app.token("viewer")).get("/api/test/probe/1").json().get("actor").asText())
                .isEqualTo("test-viewer");
    }

    @Test
    void missingTokenIs401() {
        assertUnauthorized(api(null).get("/api/test/probe/1"), "MISSING_TOKEN");
        assertUnauthorized(api(null).get("/api/test/probe/1", "Authorization", "Basic YWxpY2U6c2VjcmV0"),
                "MISSING_TOKEN");
    }

    @Test
    void unknownApiPathWithoutTokenIs401NotA404() {
        assertUnauthorized(api(null).get("/api/nothing/here"), "MISSING_TOKEN");
    }

    @Test
    void garbageTokenIs401() {
        assertUnauthorized(api("not-a-jwt").get("/api/test/probe/1"), "INVALID_TOKEN");
        assertUnauthorized(api("eyJhbGciOiJub25lIn0.eyJpc3MiOiJsYW1hc3N1In0.").get("/api/test/probe/1"),
                "INVALID_TOKEN");
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(embeddedKey.getKeyID()).generate();
        assertUnauthorized(api(sign(other, claims(app.clock().instant()).build())).get("/api/test/probe/1"),
                "INVALID_TOKEN");
    }

    @Test
    void expiredTokenIs401() {
        String token = app.app().tokenIssuer().mint("old", List.of("admin"), Duration.ofMinutes(5));
        app.clock().advance(Duration.ofMinutes(10));
        try {
            assertUnauthorized(api(token).get("/api/test/probe/1"), "INVALID_TOKEN");
        } finally {
            app.clock().advance(Duration.ofMinutes(-10));
        }
    }

    @Test
    void tokenNotYetValidIs401() throws Exception {
        Instant now = app.clock().instant();
        String token = sign(embeddedKey, claims(now).notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        assertUnauthorized(api(token).get("/api/test/probe/1"), "INVALID_TOKEN");
    }

    @Test
    void wrongIssuerIs401() throws Exception {
        String token = sign(embeddedKey, claims(app.clock().instant()).issuer("https://evil.example").build());
        assertUnauthorized(api(token).get("/api/test/probe/1"), "INVALID_TOKEN");
    }

    @Test
    void wrongAudienceIs401() throws Exception {
        String token = sign(embeddedKey, claims(app.clock().instant()).audience("another-service").build());
        assertUnauthorized(api(token).get("/api/test/probe/1"), "INVALID_TOKEN");
    }

    @Test
    void rolesAreEnforcedPerRoute() {
        TestHttp viewer = api(app.token("viewer"));
        TestHttp.Response denied = viewer.post("/api/test/probe", Map.of("a", 1));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("code").asText()).isEqualTo("INSUFFICIENT_ROLE");
        assertThat(api(app.token("operator")).post("/api/test/probe", Map.of("a", 1)).status()).isEqualTo(201);
        assertThat(api(app.token("operator")).delete("/api/test/probe/1").status()).isEqualTo(403);
        assertThat(api(app.token("admin")).delete("/api/test/probe/1").status()).isEqualTo(204);
    }

    @Test
    void tokenWithoutAnyKnownRoleIsForbiddenNotUnauthorized() throws Exception {
        String token = sign(embeddedKey, claims(app.clock().instant())
                .claim("realm_access", Map.of("roles", List.of("offline_access"))).build());
        TestHttp.Response r = api(token).get("/api/test/probe/1");
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void roleClaimPathAndMappingAreConfigurable() throws Exception {
        LamassuConfig base = TestApp.config("");
        LamassuConfig.Auth a = base.auth();
        LamassuConfig cfg = base.withAuth(new LamassuConfig.Auth(a.issuer(), a.audience(), "", "",
                "app_metadata.groups", Map.of("pki-operators", "operator")));
        try (TestApp custom = TestApp.start(cfg, new ProbeRoutes())) {
            ECKey key = ECKey.parse(Files.readString(custom.dataDir().resolve(EmbeddedTokenIssuer.KEY_FILE)));
            Instant now = custom.clock().instant();
            String token = sign(key, claims(now).claim("app_metadata", Map.of("groups", List.of("pki-operators")))
                    .build());
            TestHttp client = TestHttp.tls(custom, token);
            assertThat(client.post("/api/test/probe", Map.of("a", 1)).status()).isEqualTo(201);
            assertThat(client.delete("/api/test/probe/1").status()).isEqualTo(403);
            // The default Keycloak claim is no longer consulted.
            String keycloakStyle = sign(key, claims(now).build());
            assertThat(TestHttp.tls(custom, keycloakStyle).get("/api/test/probe/1").status()).isEqualTo(403);
        }
    }

    @Test
    void externalOidcProviderIsTrustedThroughItsJwksWithKeyRotation() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        AtomicReference<String> jwks = new AtomicReference<>(new JWKSet(first.toPublicJWK()).toString());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idp = jwksServer(jwks, fetches);
        LamassuConfig base = TestApp.config("");
        LamassuConfig.Auth a = base.auth();
        LamassuConfig cfg = base.withAuth(new LamassuConfig.Auth(a.issuer(), a.audience(),
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks", "https://idp.example/realms/lamassu",
                a.rolesClaim(), a.roleMapping()));
        try (TestApp custom = TestApp.start(cfg, new ProbeRoutes())) {
            Instant now = custom.clock().instant();
            Consumer<JWTClaimsSet.Builder> external = b -> b.issuer("https://idp.example/realms/lamassu");
            JWTClaimsSet.Builder c1 = claims(now);
            external.accept(c1);
            SignedJWT t1 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), c1.build());
            t1.sign(new RSASSASigner(first));
            assertThat(TestHttp.tls(custom, t1.serialize()).get("/api/test/probe/1").status()).isEqualTo(200);

            jwks.set(new JWKSet(second.toPublicJWK()).toString());
            JWTClaimsSet.Builder c2 = claims(now);
            external.accept(c2);
            String t2 = sign(second, c2.build());
            assertThat(TestHttp.tls(custom, t2).get("/api/test/probe/1").status()).isEqualTo(200);
            assertThat(fetches.get()).isGreaterThanOrEqualTo(2);

            // The embedded issuer keeps working alongside the external provider.
            assertThat(TestHttp.tls(custom, custom.token("viewer")).get("/api/test/probe/1").status()).isEqualTo(200);
            // A token from the external issuer signed by an unknown key is still rejected.
            ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
            assertUnauthorized(TestHttp.tls(custom, sign(rogue, c2.build())).get("/api/test/probe/1"), "INVALID_TOKEN");
        } finally {
            idp.stop(0);
        }
    }

    private static HttpServer jwksServer(AtomicReference<String> jwks, AtomicInteger fetches) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
