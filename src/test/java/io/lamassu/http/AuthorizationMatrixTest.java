package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authorization matrix of issue 7: every route the running server's router holds × {no token,
 * malformed, expired, not yet valid, wrong signature, wrong issuer, wrong audience, each role, a
 * valid token with no known role}.
 * The routes come from the router itself ({@link HttpServer#routeTable()}), so a route added by
 * any context later is in the matrix without editing this test. Bad tokens must get 401 before
 * any handler runs; a valid token whose roles do not include the route's gets 403
 * INSUFFICIENT_ROLE; one whose roles do must get past authorization: no 401, no INSUFFICIENT_ROLE
 * and no 500 (the probe's made-up ids and empty bodies must be refused as client mistakes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    static final String PARAM = "authz-probe";
    TestApp app;
    ECKey embedded;
    Map<String, String> badTokens;
    Map<Role, String> roleTokens;
    /** A valid token whose roles map to none of the API's: authenticated, but allowed nothing. */
    String noRole;

    @BeforeAll
    void start() throws Exception {
        app = TestApp.sqlite();
        embedded = ECKey.parse(Files.readString(app.dataDir().resolve(EmbeddedTokenIssuer.KEY_FILE)));
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(embedded.getKeyID()).generate();
        Instant now = app.clock().instant();
        badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("malformed", "not-a-jwt");
        badTokens.put("alg none", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJsYW1hc3N1IiwiYXVkIjoibGFtYXNzdSJ9.");
        badTokens.put("expired", sign(embedded, claims(now, b -> b.issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofHours(1)))))));
        badTokens.put("not yet valid", sign(embedded, claims(now, b -> b.notBeforeTime(
                Date.from(now.plus(Duration.ofHours(1)))).expirationTime(Date.from(now.plus(Duration.ofHours(2)))))));
        badTokens.put("wrong signature", sign(stranger, claims(now, b -> b)));
        badTokens.put("wrong issuer", sign(embedded, claims(now, b -> b.issuer("https://evil.example"))));
        badTokens.put("wrong audience", sign(embedded, claims(now, b -> b.audience("another-service"))));
        noRole = sign(embedded, claims(now, b -> b.claim("realm_access", Map.of("roles", List.of("offline_access")))));
        roleTokens = new LinkedHashMap<>();
        for (Role r : List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN)) {
            roleTokens.put(r, app.token(r.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    static JWTClaimsSet claims(Instant now, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder().issuer("lamassu").audience("lamassu").subject("matrix")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .claim("realm_access", Map.of("roles", List.of("admin")))).build();
    }

    static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    List<HttpServer.RouteEntry> routes() {
        return app.app().routeTable();
    }

    /** The routes the platform authenticates: /api/** except the public VA paths (HttpServer.begin). */
    static boolean authenticated(HttpServer.RouteEntry r) {
        String path = concrete(r.path());
        return path.startsWith("/api/") && !HttpServer.isPublicApi(path);
    }

    Stream<HttpServer.RouteEntry> apiRoutes() {
        return routes().stream().filter(AuthorizationMatrixTest::authenticated);
    }

    /** A concrete path for a route template: every path parameter becomes {@link #PARAM}. */
    static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", PARAM).replaceAll("<[^>]+>", PARAM).replace("*", PARAM);
    }

    TestHttp.Response call(HttpServer.RouteEntry route, String token) {
        TestHttp client = TestHttp.tls(app, token);
        String body = route.method().equals("GET") || route.method().equals("DELETE") ? "" : "{}";
        return client.send(route.method(), concrete(route.path()), "application/json", body);
    }

    @Test
    void theRouteTableHoldsEveryContext() {
        List<String> paths = routes().stream().map(HttpServer.RouteEntry::path).toList();
        for (String prefix : List.of("/api/ca/v1/", "/api/kms/v1/", "/api/devmanager/v1/", "/api/dmsmanager/v1/",
                "/api/alerts/v1/")) {
            assertThat(paths).as(prefix).anyMatch(p -> p.startsWith(prefix));
        }
        assertThat(apiRoutes().count()).isGreaterThan(60);
    }

    /**
     * Only /api/** (less the public VA paths: OCSP, CRLs) is authenticated (HttpServer.begin): a
     * role on any other route would lock everyone out.
     */
    @Test
    void routesOutsideTheAuthenticatedApiArePublic() {
        assertThat(routes().stream().filter(r -> !authenticated(r)))
                .allSatisfy(r -> assertThat(r.role()).as(r.method() + " " + r.path()).isEqualTo(Role.PUBLIC));
    }

    /**
     * Issue 13: rotating a CA and signing data with a CA key (which could forge certificates and
     * CRLs) are for admins only; verifying a signature is an operator's.
     */
    @Test
    void caRotationAndCaKeySignaturesNeedAdmin() {
        assertThat(find("POST", "/api/ca/v1/cas/{id}/reissue").role()).isEqualTo(Role.ADMIN);
        assertThat(find("POST", "/api/ca/v1/cas/{id}/signature/sign").role()).isEqualTo(Role.ADMIN);
        assertThat(find("POST", "/api/ca/v1/cas/{id}/signature/verify").role()).isEqualTo(Role.OPERATOR);
    }

    /** Every authenticated route names a role above PUBLIC: a PUBLIC one there would still demand a token. */
    @Test
    void everyApiRouteNeedsARole() {
        assertThat(apiRoutes()).allSatisfy(r -> assertThat(r.role()).as(r.method() + " " + r.path())
                .isNotEqualTo(Role.PUBLIC));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("apiRouteArguments")
    void badTokensAre401(String method, String path) {
        HttpServer.RouteEntry route = find(method, path);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> bad : badTokens.entrySet()) {
            TestHttp.Response r = call(route, bad.getValue());
            String expectedCode = bad.getValue() == null ? "MISSING_TOKEN" : "INVALID_TOKEN";
            if (r.status() != 401 || !r.header("Content-Type").startsWith("application/problem+json")
                    || !expectedCode.equals(r.json().path("code").asText())) {
                failures.add(bad.getKey() + " -> " + r.status() + " " + r.body());
            }
        }
        assertThat(failures).as(method + " " + path).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("apiRouteArguments")
    void rolesAreEnforced(String method, String path) {
        HttpServer.RouteEntry route = find(method, path);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Role, String> role : roleTokens.entrySet()) {
            TestHttp.Response r = call(route, role.getValue());
            boolean allowed = role.getKey().includes(route.role());
            // Past the role check, a route may still refuse for its own reasons (the alerts API lets
            // only the subscriptions' owner in: 403 NOT_YOUR_SUBSCRIPTIONS), but never as a role failure.
            boolean roleRefusal = r.status() == 403 && "INSUFFICIENT_ROLE".equals(r.json().path("code").asText());
            if (allowed && (r.status() == 401 || roleRefusal || r.status() >= 500)) {
                failures.add(role.getKey() + " (allowed) -> " + r.status() + " " + r.body());
            }
            if (!allowed && (r.status() != 403 || !"INSUFFICIENT_ROLE".equals(r.json().path("code").asText()))) {
                failures.add(role.getKey() + " (needs " + route.role() + ") -> " + r.status() + " " + r.body());
            }
        }
        TestHttp.Response none = call(route, noRole);
        if (none.status() != 403 || !"INSUFFICIENT_ROLE".equals(none.json().path("code").asText())) {
            failures.add("no known role -> " + none.status() + " " + none.body());
        }
        assertThat(failures).as(method + " " + path).isEmpty();
    }

    Stream<org.junit.jupiter.params.provider.Arguments> apiRouteArguments() {
        return apiRoutes().map(r -> org.junit.jupiter.params.provider.Arguments.of(r.method(), r.path()));
    }

    HttpServer.RouteEntry find(String method, String path) {
        return routes().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow();
    }
}
