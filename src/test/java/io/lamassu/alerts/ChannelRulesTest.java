package io.lamassu.alerts;

import static io.lamassu.alerts.SubscriptionIndexTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {
    static Map<String, Object> webhook(String url) {
        Map<String, Object> m = new HashMap<>();
        m.put("webhook_url", url);
        return m;
    }

    @Test
    void webhookDefaultsArePostAndVerifiedTls() {
        Channel c = ChannelRules.check("webhook", null, webhook("https://hooks.example.com/lamassu?x=1"));
        assertThat(c.type()).isEqualTo(ChannelType.WEBHOOK);
        assertThat(c.name()).isEqualTo("webhook");
        assertThat(c.config()).containsEntry("webhook_method", "POST").containsEntry("validate_server_cert", true);
        assertThat(c.hasSecret()).isFalse();
    }

    @Test
    void theSecretIsKeptButNeverShown() {
        Map<String, Object> cfg = webhook("https://hooks.example.com/x");
        cfg.put("secret", "0123456789abcdef-secret");
        Channel c = ChannelRules.check("WEBHOOK", "ops", cfg);
        assertThat(c.text("secret")).isEqualTo("0123456789abcdef-secret");
        assertThat(c.withoutSecret().config()).doesNotContainKey("secret").containsEntry("secret_configured", true);
        assertThat(c.toString()).doesNotContain("0123456789abcdef-secret");
    }

    @Test
    void badChannelsAreRefusedWithStableCodes() {
        assertCode(() -> ChannelRules.check("SMS", null, Map.of()), "UNKNOWN_CHANNEL_TYPE");
        assertCode(() -> ChannelRules.check(null, null, Map.of()), "MISSING_CHANNEL_TYPE");
        for (String url : new String[] {"ftp://x.example/a", "/relative", "http://", "https://user:pw@x.example/",
            "https://x.example/#frag", "http://[bad", "https://x.example/" + "a".repeat(2048)}) {
            assertCode(() -> ChannelRules.check("WEBHOOK", null, webhook(url)), "INVALID_WEBHOOK_URL");
        }
        assertCode(() -> ChannelRules.check("WEBHOOK", null, Map.of()), "INVALID_WEBHOOK_URL");
        Map<String, Object> typo = webhook("https://x.example/");
        typo.put("webhook_methd", "POST");
        assertCode(() -> ChannelRules.check("WEBHOOK", null, typo), "UNKNOWN_CHANNEL_CONFIG_KEY");
        Map<String, Object> get = webhook("https://x.example/");
        get.put("webhook_method", "DELETE");
        assertCode(() -> ChannelRules.check("WEBHOOK", null, get), "INVALID_WEBHOOK_METHOD");
        Map<String, Object> shortSecret = webhook("https://x.example/");
        shortSecret.put("secret", "short");
        assertCode(() -> ChannelRules.check("WEBHOOK", null, shortSecret), "INVALID_WEBHOOK_SECRET");
        Map<String, Object> tlsText = webhook("https://x.example/");
        tlsText.put("validate_server_cert", "false");
        assertCode(() -> ChannelRules.check("WEBHOOK", null, tlsText), "INVALID_CHANNEL_CONFIG");
        assertCode(() -> ChannelRules.check("EMAIL", null, Map.of("email", "not an address")), "INVALID_EMAIL");
        assertCode(() -> ChannelRules.check("EMAIL", null, Map.of("email", "a@b.example, c@d.example")), "INVALID_EMAIL");
        assertCode(() -> ChannelRules.check("MSTEAMS", null, Map.of("email", "a@b.example")), "UNKNOWN_CHANNEL_CONFIG_KEY");
        assertCode(() -> ChannelRules.check("MSTEAMS", "x".repeat(129), webhook("https://x.example/")),
                "INVALID_CHANNEL_NAME");
    }

    @Test
    void backoffDoublesUpToItsCapAndNeverOverflows() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(p.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delay(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delay(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.delay(8)).isEqualTo(Duration.ofHours(1));
        assertThat(p.delay(1_000_000)).isEqualTo(Duration.ofHours(1));
        assertThat(p.nextAttempt(1, Instant.EPOCH)).isEqualTo(Instant.EPOCH.plusSeconds(30));
        assertThat(p.exhausted(9)).isFalse();
        assertThat(p.exhausted(10)).isTrue();
    }
}
