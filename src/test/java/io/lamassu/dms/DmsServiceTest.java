package io.lamassu.dms;

import static io.lamassu.devices.DeviceLifecycleTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.json.Json;
import io.lamassu.common.json.MetadataUpdate;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.devices.DevicesFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmsServiceTest {
    DevicesFixture f;

    @BeforeEach
    void setUp() {
        f = DevicesFixture.sqlite();
        f.ca.addCa("issuing-ca-01");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Dms create(String id, String settings) {
        return f.createDms(id, settings);
    }

    @Test
    void appliesTheDocumentedDefaults() {
        DmsSettings s = create("manufacturing-dms", null).settings();
        assertThat(s.enrollmentSettings().protocol()).isEqualTo("EST_RFC7030");
        assertThat(s.enrollmentSettings().registrationMode()).isEqualTo("JITP");
        assertThat(s.enrollmentSettings().verifyCsrSignature()).isTrue();
        assertThat(s.enrollmentSettings().estRfc7030Settings().authMode()).isEqualTo("CLIENT_CERTIFICATE");
        assertThat(s.enrollmentSettings().estRfc7030Settings().clientCertificateSettings().chainLevelValidation()).isEqualTo(-1);
        assertThat(s.reenrollmentSettings().reenrollmentDelta()).isEqualTo("100d");
        assertThat(s.reenrollmentSettings().preventiveDelta()).isEqualTo("31d");
        assertThat(s.reenrollmentSettings().criticalDelta()).isEqualTo("7d");
        assertThat(s.reenrollmentSettings().revokeOnReenrollment()).isTrue();
        assertThat(s.reenrollmentSettings().estRfc7030Settings()).isEqualTo(s.enrollmentSettings().estRfc7030Settings());
        assertThat(s.serverKeygenSettings().enabled()).isFalse();
        assertThat(s.caDistributionSettings().includeSystemCa()).isTrue();
        assertThat(f.dms.get("manufacturing-dms").settings()).isEqualTo(s);
        assertThat(f.eventTypes()).containsExactly("dms.create");
    }

    @Test
    void validatesSettingsOnWriteAndStoresNothingWhenInvalid() {
        assertCode(() -> create("d1", "{\"enrollment_settings\":{\"enrollment_ca\":\"missing-ca\"}}"), "DMS_CA_NOT_FOUND", 400);
        assertCode(() -> create("d1", "{\"ca_distribution_settings\":{\"managed_cas\":[\"nope\"]}}"), "DMS_CA_NOT_FOUND", 400);
        assertCode(() -> create("d1", "{\"reenrollment_settings\":{\"preventive_delta\":\"31 days\"}}"), "INVALID_DMS_SETTINGS", 400);
        assertCode(() -> create("d1", "{\"reenrollment_settings\":{\"preventive_delta\":\"1d\",\"critical_delta\":\"2d\"}}"),
                "INVALID_DMS_SETTINGS", 400);
        assertCode(() -> create("d1", "{\"enrollment_settings\":{\"registration_mode\":\"MAGIC\"}}"), "INVALID_DMS_SETTINGS", 400);
        assertCode(() -> create("d1", "{\"enrollment_settings\":{\"est_rfc7030_settings\":{\"auth_mode\":\"EXTERNAL_WEBHOOK\"}}}"),
                "INVALID_DMS_SETTINGS", 400);
        assertCode(() -> create("d1", "{\"server_keygen_settings\":{\"key\":{\"type\":\"RSA\",\"bits\":1024}}}"),
                "INVALID_DMS_SETTINGS", 400);
        assertCode(() -> create("bad id", null), "INVALID_DMS_ID", 400);
        assertCode(() -> f.dms.create(new Dms("d2", " ", Map.of(), null, null)), "INVALID_DMS", 400);
        assertThat(f.count("SELECT COUNT(*) FROM dms")).isZero();
        Dms ok = create("d1", "{\"enrollment_settings\":{\"enrollment_ca\":\"issuing-ca-01\"},"
                + "\"reenrollment_settings\":{\"preventive_delta\":\"90s\",\"critical_delta\":\"30s\"}}");
        assertThat(ok.settings().enrollmentSettings().enrollmentCa()).isEqualTo("issuing-ca-01");
        assertCode(() -> create("d1", null), "DMS_ALREADY_EXISTS", 409);
    }

    @Test
    void webhookCredentialsAreWriteOnly() {
        String hook = "{\"enrollment_settings\":{\"est_rfc7030_settings\":{\"auth_mode\":\"EXTERNAL_WEBHOOK\","
                + "\"external_webhook_settings\":{\"url\":\"https://hook.example/x\",\"config\":{\"auth_mode\":\"apikey\","
                + "\"apikey\":{\"key\":\"s3cret\",\"header\":\"X-Key\"}}}}}}";
        Dms d = create("d1", hook);
        String shown = Json.write(d);
        assertThat(shown).doesNotContain("s3cret").contains(DmsSettings.REDACTED);
        assertThat(String.join("", f.jdbc.query("SELECT data FROM event_outbox", rs -> rs.getString(1)))).doesNotContain("s3cret");
        f.dms.update("d1", new Dms("d1", "renamed", Map.of(), null, d.settings()));
        String stored = f.jdbc.query("SELECT settings FROM dms", rs -> rs.getString(1)).get(0);
        assertThat(stored).contains("s3cret");
    }

    @Test
    void updateTakesTheIdFromThePathAndKeepsCreationTime() {
        Dms d = create("d1", null);
        f.clock.advance(Duration.ofHours(1));
        Dms u = f.dms.update("d1", new Dms(null, "New name", Map.of("k", "v"), null,
                Json.read("{\"reenrollment_settings\":{\"critical_delta\":\"1d\"}}", DmsSettings.class)));
        assertThat(u.name()).isEqualTo("New name");
        assertThat(u.creationTs()).isEqualTo(d.creationTs());
        assertThat(u.settings().reenrollmentSettings().criticalDelta()).isEqualTo("1d");
        assertCode(() -> f.dms.update("d1", new Dms("other", "x", Map.of(), null, null)), "DMS_ID_MISMATCH", 400);
        assertCode(() -> f.dms.update("nope", new Dms(null, "x", Map.of(), null, null)), "DMS_NOT_FOUND", 404);
        Dms m = f.dms.updateMetadata("d1", new MetadataUpdate.Merge(Map.of("a", 1)));
        assertThat(m.metadata()).containsEntry("k", "v").containsEntry("a", 1);
        assertThat(f.eventTypes()).containsExactly("dms.create", "dms.update", "dms.metadata.update");
        assertThat(f.dms.count(QueryParser.parseFilters(List.of("name[eq]New name"), DmsFields.FIELDS))).isEqualTo(1);
    }

    @Test
    void deleteIsRefusedWhileDevicesBelongToTheDms() {
        create("d1", null);
        f.register("dev-1", "d1", List.of(), Map.of());
        assertCode(() -> f.dms.delete("d1"), "DMS_HAS_DEVICES", 409);
        f.identities.decommission("dev-1");
        f.devices.delete("dev-1");
        f.dms.delete("d1");
        assertCode(() -> f.dms.get("d1"), "DMS_NOT_FOUND", 404);
        assertThat(f.eventTypes()).endsWith("dms.delete");
    }

    @Test
    void bindIdentityAsInTheSeed() {
        create("manufacturing-dms", ENROLLING_WITH_FAKE_CA);
        f.register("device-001", "manufacturing-dms", List.of("sensor"), Map.of());
        f.ca.issue("1a2b3c4d5e6f", Duration.ofDays(365));
        BindIdentityResult r = f.dms.bindIdentity(new BindIdentity("device-001", "1A2B3C4D5E6F", null));
        assertThat(r.device().status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(r.certificate().serialNumber()).isEqualTo("1a2b3c4d5e6f");
        assertThat(r.dms().id()).isEqualTo("manufacturing-dms");
        assertThat(f.ca.cert("1a2b3c4d5e6f").attachedDeviceId()).isEqualTo("device-001");
        assertThat(f.eventTypes()).endsWith("dms.bind-device-id");
        assertThat(r.device().identitySlot().renewalWindowAt())
                .isEqualTo(r.device().identitySlot().expirationDate().minus(Duration.ofDays(31)));
        assertCode(() -> f.dms.bindIdentity(new BindIdentity("device-001", "01", "SOMETHING")), "INVALID_BIND_MODE", 400);
        assertCode(() -> f.dms.bindIdentity(new BindIdentity(null, "01", null)), "INVALID_BIND", 400);
        assertCode(() -> f.dms.bindIdentity(new BindIdentity("ghost", "1a2b3c4d5e6f", null)), "DEVICE_NOT_FOUND", 404);
    }

    static final String ENROLLING_WITH_FAKE_CA = "{\"enrollment_settings\":{\"enrollment_ca\":\""
            + io.lamassu.devices.FakeCa.ISSUER + "\"}}";

    @Test
    void bindsOnlyCertificatesOfTheDmsOwnCas() {
        f.ca.addCa("validation-ca");
        f.ca.addCa("other-ca");
        create("validating-dms", "{\"enrollment_settings\":{\"enrollment_ca\":\"issuing-ca-01\","
                + "\"est_rfc7030_settings\":{\"client_certificate_settings\":{\"validation_cas\":[\"validation-ca\"]}}}}");
        create("bare-dms", null);
        f.register("dev-a", "validating-dms", List.of(), Map.of());
        f.register("dev-b", "bare-dms", List.of(), Map.of());
        f.ca.issue("0a", Duration.ofDays(365), "other-ca");
        f.ca.issue("0b", Duration.ofDays(365), "validation-ca");
        long events = f.count("SELECT COUNT(*) FROM event_outbox");

        assertCode(() -> f.dms.bindIdentity(new BindIdentity("dev-a", "0a", null)), "CERTIFICATE_ISSUER_NOT_TRUSTED", 409);
        assertCode(() -> f.identities.updateIdentitySlot("dev-a", "0a"), "CERTIFICATE_ISSUER_NOT_TRUSTED", 409);
        assertCode(() -> f.identities.updateIdentitySlot("dev-b", "0b"), "CERTIFICATE_ISSUER_NOT_TRUSTED", 409);
        assertThat(f.devices.get("dev-a").status()).isEqualTo(DeviceStatus.NO_IDENTITY);
        assertThat(f.devices.get("dev-b").identitySlot()).isNull();
        assertThat(f.ca.cert("0a").attachedDeviceId()).isNull();
        assertThat(f.count("SELECT COUNT(*) FROM event_outbox")).isEqualTo(events);

        assertThat(f.identities.updateIdentitySlot("dev-a", "0b").status()).isEqualTo(DeviceStatus.ACTIVE);
    }
}
