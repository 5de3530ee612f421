package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ACTIVE → EXPIRED once valid_to passes, driven by the job with a moved clock (no sleeping). */
class CaExpiryHttpTest {
    @Test
    void certificatesAndCasExpireWhenTheirValidityPasses() {
        try (TestApp app = TestApp.sqlite()) {
            CaApi api = new CaApi(app);
            api.createProfile("short", "1h");
            Map<String, Object> body = CaApi.caBody("short-ca", null, "Short CA", "short");
            body.put("ca_expiration", Map.of("type", "Duration", "duration", "3h"));
            api.admin.post(BASE + "/cas", body);
            String sn = api.signOk("short-ca", CaIssuanceHttpTest.csr("brief"), null).get("serial_number").asText();
            java.util.List<CertificateStatusListener.Change> changes = new java.util.ArrayList<>();
            app.app().certificateService().addStatusListener(changes::add);

            assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isZero();
            app.clock().advance(Duration.ofHours(2));
            CaApi events = api;
            api = new CaApi(app);
            assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isEqualTo(1);
            assertThat(api.certificate(sn).get("status").asText()).isEqualTo("EXPIRED");
            assertThat(api.ca("short-ca").get("certificate").get("status").asText()).isEqualTo("ACTIVE");
            assertThat(changes).extracting(CertificateStatusListener.Change::updated)
                    .containsExactly(CertificateStatus.EXPIRED);
            assertError(api.setStatus(api.operator, sn, "REVOKED", "KeyCompromise"), 409, "INVALID_STATUS_TRANSITION");

            app.clock().advance(Duration.ofHours(2));
            api = new CaApi(app);
            assertError(api.sign("short-ca", CaIssuanceHttpTest.csr("late"), null), 409, "CA_NOT_ACTIVE");
            assertError(api.admin.post(BASE + "/cas/short-ca/reissue", Map.of()), 409, "CA_NOT_ACTIVE");
            assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isEqualTo(1);
            assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isZero();
            assertThat(api.ca("short-ca").get("certificate").get("status").asText()).isEqualTo("EXPIRED");
            assertThat(events.events("ca.status.update", "ca/short-ca")).isEqualTo(1);
            assertThat(events.events("certificate.status.update", "certificate/" + sn)).isEqualTo(1);
            assertThat(api.admin.delete(BASE + "/cas/short-ca").status()).isEqualTo(200);
        }
    }

    /** The certificate a reissue replaced expires on its own; the CA, on its new certificate, stays ACTIVE. */
    @Test
    void aReplacedCaCertificateExpiresWithoutExpiringTheCa() {
        try (TestApp app = TestApp.sqlite()) {
            CaApi api = new CaApi(app);
            api.createProfile("short", "1h");
            Map<String, Object> body = CaApi.caBody("renewed-ca", null, "Renewed CA", "short");
            body.put("ca_expiration", Map.of("type", "Duration", "duration", "3h"));
            String old = api.admin.post(BASE + "/cas", body).json().get("serial_number").asText();
            var r = api.admin.post(BASE + "/cas/renewed-ca/reissue", Map.of("ca_expiration",
                    Map.of("type", "Duration", "duration", "1y")));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            app.clock().advance(Duration.ofHours(4));
            CaApi later = new CaApi(app);
            assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isEqualTo(1);
            assertThat(later.certificate(old).get("status").asText()).isEqualTo("EXPIRED");
            assertThat(later.ca("renewed-ca").get("certificate").get("status").asText()).isEqualTo("ACTIVE");
            assertThat(api.events("ca.status.update", "ca/renewed-ca")).isZero();
            later.signOk("renewed-ca", CaIssuanceHttpTest.csr("after-renewal"), null);
        }
    }
}
