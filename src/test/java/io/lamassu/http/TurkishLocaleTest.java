package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.config.ConfigLoader;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 1, in-process: under a Turkish default locale "admin".toUpperCase() is "ADMİN"
 * and "CLAIM".toLowerCase() is "claım". Requests with the admin and viewer roles answered 500 and
 * the environment override of auth.roles_claim was silently ignored. (.ci/run also runs the whole
 * suite with -Duser.language=tr.)
 */
class TurkishLocaleTest {
    private Locale saved;

    @BeforeEach
    void turkish() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void rolesWithAnIAreRecognised() {
        try (TestApp app = TestApp.sqlite()) {
            for (String role : new String[] {"admin", "viewer", "operator"}) {
                TestHttp.Response r = TestHttp.tls(app, app.token(role)).get("/api/ca/v1/cas");
                assertThat(r.status()).as(role + ": " + r.body()).isEqualTo(200);
            }
            TestHttp.Response denied = TestHttp.tls(app, app.token("viewer")).post("/api/ca/v1/profiles", "{}");
            assertThat(denied.json().get("detail").asText()).contains("needs the admin role");
        }
    }

    @Test
    void environmentOverridesWithAnIAreApplied() throws Exception {
        Path dir = Files.createTempDirectory("tr");
        Path file = Files.writeString(dir.resolve("lamassu.yaml"), "server:\n  http_port: 9000\n");
        LamassuConfig c = ConfigLoader.load(file, Map.of("LAMASSU_AUTH_ROLES_CLAIM", "groups",
                "LAMASSU_ALLOW_API_OVER_HTTP", "true"), dir);
        assertThat(c.auth().rolesClaim()).isEqualTo("groups");
        assertThat(c.server().allowApiOverHttp()).isTrue();
    }
}
