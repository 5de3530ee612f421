package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.common.json.Json;
import io.lamassu.config.ConfigException;
import io.lamassu.config.ConfigLoader;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code logging.format: json}: every line parses, service lines carry the request's id, actor and route. */
class StructuredLogsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restoreTextLogs() {
        LogFormat.reset();
    }

    List<JsonNode> lines() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                parsed.add(Json.MAPPER.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return parsed;
    }

    static JsonNode find(List<JsonNode> lines, String logger, String messagePrefix) {
        return lines.stream().filter(l -> l.path("logger").asText().equals(logger)
                        && l.path("message").asText().startsWith(messagePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + logger + " line '" + messagePrefix + "' in " + lines));
    }

    @Test
    void serviceLinesCarryRequestIdActorAndRouteAndFailuresTheirStackTrace() {
        LogFormat.jsonTo(out);
        // Tests log at WARN (logback-test.xml); production's INFO for this test.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        Routes.Module failing = r -> r.get("/api/test/logs-boom", Role.VIEWER, ctx -> {
            throw new IllegalStateException("simulated failure");
        });
        TestApp app = TestApp.start(TestApp.config(""), failing);
        String adminToken = app.token("admin");
        TestHttp.Response created;
        TestHttp.Response boom;
        try {
            CaApi api = new CaApi(app);
            api.createProfile("log-profile", "1y");
            created = api.admin.post(CaApi.BASE + "/cas", CaApi.caBody("log-ca", null, "Log CA", "log-profile"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            boom = api.viewer.get("/api/test/logs-boom");
            assertThat(boom.status()).isEqualTo(500);
        } finally {
            app.close();
        }
        List<JsonNode> lines = lines();
        JsonNode started = find(lines, Application.class.getName(), "started in");
        assertThat(started.get("level").asText()).isEqualTo("INFO");
        assertThat(started.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");

        String requestId = created.header("X-Request-Id");
        JsonNode service = find(lines, "io.lamassu.ca.CaService", "CA log-ca created");
        assertThat(service.get("request_id").asText()).isEqualTo(requestId);
        assertThat(service.get("actor").asText()).isEqualTo("jwt:test-admin");
        assertThat(service.get("route").asText()).isEqualTo("POST /api/ca/v1/cas");
        JsonNode access = lines.stream().filter(l -> l.path("logger").asText().equals("io.lamassu.access")
                && requestId.equals(l.path("request_id").asText())).findFirst().orElseThrow();
        assertThat(access.get("route").asText()).isEqualTo("POST /api/ca/v1/cas");

        JsonNode failure = lines.stream().filter(l -> boom.header("X-Request-Id").equals(l.path("request_id").asText())
                && l.path("level").asText().equals("ERROR")).findFirst().orElseThrow();
        assertThat(failure.get("stack_trace").asText()).contains("IllegalStateException: simulated failure")
                .contains("\tat ");
        assertThat(boom.body()).doesNotContain("simulated").doesNotContain("IllegalStateException");

        find(lines, Application.class.getName(), "shutting down");
        find(lines, Application.class.getName(), "stopped in");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(adminToken)
                .doesNotContain(adminToken.substring(adminToken.lastIndexOf('.') + 1));
    }

    @Test
    void theFormatComesFromTheConfigFileOrTheEnvironment() throws IOException {
        Path dir = Files.createTempDirectory("lamassu-logcfg");
        assertThat(ConfigLoader.load(null, Map.of(), dir).logging().isJson()).isFalse();
        assertThat(ConfigLoader.load(null, Map.of("LAMASSU_LOGGING_FORMAT", "JSON"), dir).logging().isJson()).isTrue();
        Path file = dir.resolve("lamassu.yaml");
        Files.writeString(file, "logging:\n  format: json\n");
        assertThat(ConfigLoader.load(file, Map.of(), dir).logging().isJson()).isTrue();
        Assertions.assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_LOGGING_FORMAT", "xml"), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logging.format");
    }
}
