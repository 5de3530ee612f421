package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The domain meters on {@code /metrics} move with what the API does (issue 13), on both databases. */
abstract class DomainMetricsContract {
    static TestApp app;
    static CaApi api;

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("metrics-profile", "1y");
        api.createCa("metrics-ca", null, "metrics-profile");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String scrape() {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    /** The value of one sample line ({@code name{labels} value}); 0 when absent. */
    static double sample(String text, String name, String labels) {
        String head = labels.isEmpty() ? Pattern.quote(name) + "(?:\\{[^}]*})?"
                : Pattern.quote(name + "{" + labels) + "[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + head + " (\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static String csr(String cn) {
        return TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256), DistinguishedName.ofCommonName(cn),
                List.of()));
    }

    @Test
    void issuingAndRevokingMoveTheCountersOfTheirCaAndProfile() {
        String before = scrape();
        double issued = sample(before, "lamassu_certificates_issued_total", "ca=\"metrics-ca\",profile=\"metrics-profile\"");
        double signings = sample(before, "lamassu_certificate_signing_seconds_count", "ca=\"metrics-ca\"");
        String serial = api.signOk("metrics-ca", csr("metrics-device-1"), "metrics-profile").get("serial_number").asText();
        api.signOk("metrics-ca", csr("metrics-device-2"), null); // the CA's default profile: the same tag
        String refused = api.sign("metrics-ca", "bm90IGEgY3Ny", "metrics-profile").body();
        assertThat(refused).contains("code");

        String after = scrape();
        assertThat(sample(after, "lamassu_certificates_issued_total", "ca=\"metrics-ca\",profile=\"metrics-profile\""))
                .isEqualTo(issued + 2);
        assertThat(sample(after, "lamassu_certificate_signing_seconds_count", "ca=\"metrics-ca\""))
                .isEqualTo(signings + 2);

        double revoked = sample(after, "lamassu_certificates_revoked_total", "ca=\"metrics-ca\",reason=\"KeyCompromise\"");
        assertThat(api.setStatus(api.operator, serial, "REVOKED", "KeyCompromise").status()).isEqualTo(200);
        app.app().outboxRelay().drain();
        String revokedText = scrape();
        assertThat(sample(revokedText, "lamassu_certificates_revoked_total", "ca=\"metrics-ca\",reason=\"KeyCompromise\""))
                .isEqualTo(revoked + 1);
        assertThat(sample(revokedText, "lamassu_lifecycle_transitions_total",
                "from=\"ACTIVE\",resource=\"certificate\",to=\"REVOKED\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void devicesByStatusOutboxAndPoolAreExposed() {
        TestHttp admin = TestHttp.plain(app.httpBase(), app.token("admin"));
        admin.post("/api/dmsmanager/v1/dms", Map.of("id", "metrics-dms", "name", "Metrics DMS"));
        double before = sample(scrape(), "lamassu_devices", "status=\"NO_IDENTITY\"");
        for (int i = 0; i < 3; i++) {
            TestHttp.Response r = admin.post("/api/devmanager/v1/devices", Map.of("id", "metrics-dev-" + i + "-"
                    + System.nanoTime(), "dms_id", "metrics-dms", "tags", List.of(), "metadata", Map.of()));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        // The gauges share a snapshot refreshed at most once a second: poll briefly for the new one.
        String text = awaitSample("lamassu_devices", "status=\"NO_IDENTITY\"", before + 3);
        assertThat(text).contains("lamassu_outbox_backlog_events ");
        assertThat(text).contains("lamassu_outbox_relay_lag_seconds ");
        assertThat(text).containsPattern("hikaricp_connections_active\\{pool=\"lamassu-");
        assertThat(text).contains("lamassu_certificates_expiring{within=\"30d\"}");
        // Five years from now, give or take the test's run time.
        double caExpiry = sample(scrape(), "lamassu_ca_expiry_seconds", "ca=\"metrics-ca\"");
        assertThat(caExpiry).isBetween(4.9 * 365 * 86400, 5.1 * 365 * 86400);
    }

    static String awaitSample(String name, String labels, double expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String text = scrape();
        while (sample(text, name, labels) != expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            text = scrape();
        }
        assertThat(sample(text, name, labels)).isEqualTo(expected);
        return text;
    }
}
