package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.OpenApiResponses;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/openapi.json} describes every route the server registers — and only those — with its
 * least role; its references resolve; Swagger UI is served from the class path. Contexts that add a
 * route must describe it in src/main/resources/api/openapi.json or this test fails. (Every response of
 * the HTTP tests is also validated against the document: see TestHttp.)
 */
class OpenApiCoverageTest {
    /** Described but not registered through Routes: the OCSP servlet (RFC 6960 GET and POST forms). */
    static final Set<String> SERVLETS = Set.of("/ocsp", "/ocsp/{request}", "/api/va/ocsp", "/api/va/ocsp/{request}");
    static TestApp app;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        TestHttp.Response r = TestHttp.tls(app, null).get("/api/openapi.json");
        assertThat(r.status()).as("public over HTTPS, no token").isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyRegisteredRouteIsDescribedWithItsRole() {
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> missing = new ArrayList<>();
        Set<String> registered = new TreeSet<>();
        for (Routes.Registered route : app.app().routes()) {
            registered.add(route.method() + " " + route.path());
            JsonNode op = doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) {
                missing.add(route.method() + " " + route.path());
                continue;
            }
            assertThat(op.path("x-required-role").asText()).as(route.method() + " " + route.path())
                    .isEqualTo(route.role().name().toLowerCase(Locale.ROOT));
            assertThat(op.path("security").isEmpty()).as(route.method() + " " + route.path() + " security")
                    .isEqualTo(route.role() == Role.PUBLIC);
            assertThat(op.path("responses").size()).isPositive();
        }
        assertThat(missing).as("routes missing from src/main/resources/api/openapi.json").isEmpty();
        List<String> stale = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (!SERVLETS.contains(p.getKey()) && !registered.contains(m.toUpperCase(Locale.ROOT) + " " + p.getKey())) {
                    stale.add(m + " " + p.getKey());
                }
            });
        }
        assertThat(stale).as("described but not served").isEmpty();
    }

    @Test
    void everyReferenceResolvesAndTheErrorCodesAreTheCatalogues() {
        List<String> broken = new ArrayList<>();
        refs(doc, broken);
        assertThat(broken).isEmpty();
        List<String> codes = new ArrayList<>();
        doc.at("/components/schemas/ErrorCode/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).containsExactlyElementsOf(ErrorCatalogue.entries().stream().map(ErrorCatalogue.Entry::code)
                .distinct().toList());
        assertThat(doc.get("x-error-codes").size()).isEqualTo(ErrorCatalogue.entries().size());
    }

    private static void refs(JsonNode n, List<String> broken) {
        if (n.isObject()) {
            JsonNode ref = n.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || doc.at(ref.asText().substring(1)).isMissingNode())) {
                broken.add(ref.asText());
            }
            n.elements().forEachRemaining(c -> refs(c, broken));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> refs(c, broken));
        }
    }

    @Test
    void theValidatorRejectsWhatTheDescriptionDoesNotAllow() {
        OpenApiResponses v = new OpenApiResponses(doc);
        assertThat(v.template("/api/ca/v1/cas/cn/x")).contains("/api/ca/v1/cas/cn/{cn}");
        assertThat(v.template("/api/ca/v1/cas/abc")).contains("/api/ca/v1/cas/{id}");
        assertThat(v.check("GET", "/api/audit/v1/records", 200, "application/json", "{\"list\":[],\"next\":\"\"}"))
                .isEmpty();
        assertThat(v.check("GET", "/api/audit/v1/records", 200, "application/json", "{\"list\":[{\"id\":1}],\"next\":\"\"}"))
                .isNotEmpty();
        assertThat(v.check("GET", "/api/ca/v1/cas/x", 404, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":404,\"detail\":\"d\",\"code\":\"NO_SUCH_CODE\"}"))
                .isNotEmpty();
        assertThat(v.check("POST", "/api/ca/v1/cas", 299, "application/json", "{}")).isNotEmpty();
    }

    @Test
    void swaggerUiIsServedFromTheClassPath() {
        TestHttp plain = TestHttp.plain(app.httpBase(), null);
        TestHttp.Response page = plain.get("/api/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("/api/docs/swagger-ui-bundle.js").doesNotContain("https://")
                .doesNotContain("http://");
        TestHttp.Response bundle = plain.get("/api/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(plain.get("/api/docs/init.js").body()).contains("/api/openapi.json");
        assertThat(plain.get("/api/docs/index.html").status()).isEqualTo(404);
        assertThat(plain.get("/api/docs/..%2F..%2Fpom.properties").status()).isEqualTo(404);
    }
}
