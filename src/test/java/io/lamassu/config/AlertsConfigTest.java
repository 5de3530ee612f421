package io.lamassu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {
    @TempDir
    Path dir;

    @Test
    void smtpAndDeliverySettingsComeFromTheFileAndTheEnvironment() throws Exception {
        Path f = dir.resolve("lamassu.yaml");
        Files.writeString(f, "alerts:\n  smtp_host: smtp.example.com\n  max_attempts: 4\n  initial_backoff: 1m\n");
        LamassuConfig c = ConfigLoader.load(f, Map.of("LAMASSU_ALERTS_SMTP_PASSWORD", "hunter2-smtp",
                "LAMASSU_ALERTS_SMTP_USERNAME", "pki", "LAMASSU_ALERTS_SMTP_PORT", "465",
                "LAMASSU_ALERTS_SMTP_TLS", "smtps"), dir);
        assertThat(c.alerts().smtpHost()).isEqualTo("smtp.example.com");
        assertThat(c.alerts().smtpPort()).isEqualTo(465);
        assertThat(c.alerts().smtpTls()).isEqualTo("smtps");
        assertThat(c.alerts().maxAttempts()).isEqualTo(4);
        assertThat(c.alerts().initialBackoff()).isEqualTo("1m");
        assertThat(c.alerts().maxBackoff()).isEqualTo("1h");
        String shown = ConfigLoader.describe(c);
        assertThat(shown).contains("smtp_password: \"***\"").contains("smtp_host: \"smtp.example.com\"")
                .doesNotContain("hunter2-smtp");
        assertThat(c.toString()).doesNotContain("hunter2-smtp");
    }

    @Test
    void badAlertsSettingsNameTheirKey() {
        assertBad(Map.of("LAMASSU_ALERTS_INITIAL_BACKOFF", "soon"), "alerts.initial_backoff");
        assertBad(Map.of("LAMASSU_ALERTS_MAX_BACKOFF", "1s"), "alerts.max_backoff");
        assertBad(Map.of("LAMASSU_ALERTS_SMTP_TLS", "maybe"), "alerts.smtp_tls");
        assertBad(Map.of("LAMASSU_ALERTS_WORKERS", "0"), "alerts.workers");
        assertBad(Map.of("LAMASSU_ALERTS_REQUEST_TIMEOUT", "99999999999999999999s"), "alerts.request_timeout");
        assertBad(Map.of("LAMASSU_ALERTS_SMTP_FROM", " "), "alerts.smtp_from");
    }

    void assertBad(Map<String, String> env, String key) {
        assertThatThrownBy(() -> ConfigLoader.load(null, env, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }
}
