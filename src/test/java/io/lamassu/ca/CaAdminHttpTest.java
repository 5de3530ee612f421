package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.csr;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Profiles, CA administration, metadata, deletion rules, stats and certificate import over HTTP. */
abstract class CaAdminHttpTest {
    static TestApp app;
    static CaApi api;

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("device-profile", "1y");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void profilesHaveClientChosenIdsAndAreProtectedWhileInUse() {
        String id = unique("device-profile");
        JsonNode p = api.createProfile(id, "90d");
        assertThat(p.get("id").asText()).isEqualTo(id);
        assertThat(p.get("validity").get("duration").asText()).isEqualTo("12w6d");
        assertError(api.admin.post(BASE + "/profiles", CaApi.profileBody(id, "1y")), 409, "PROFILE_ALREADY_EXISTS");
        assertError(api.viewer.get(BASE + "/profiles/nope"), 404, "PROFILE_NOT_FOUND");
        Map<String, Object> noId = CaApi.profileBody(null, "1y");
        noId.remove("id");
        assertThat(api.admin.post(BASE + "/profiles", noId).json().get("id").asText()).matches("[0-9a-f-]{36}");
        Map<String, Object> bad = CaApi.profileBody(unique("bad"), "1y");
        bad.put("validity", Map.of("type", "Duration", "duration", "forever"));
        assertError(api.admin.post(BASE + "/profiles", bad), 400, "INVALID_DURATION");
        Map<String, Object> renamed = CaApi.profileBody(id, "1y");
        renamed.put("name", "renamed");
        assertThat(api.admin.put(BASE + "/profiles/" + id, renamed).json().get("name").asText()).isEqualTo("renamed");
        assertThat(api.viewer.get(BASE + "/profiles?filter=id[eq]" + id).json().get("list")).hasSize(1);

        String ca = unique("root");
        api.createCa(ca, null, id);
        assertError(api.admin.delete(BASE + "/profiles/" + id), 409, "PROFILE_IN_USE");
        TestHttp.Response moved = api.admin.post(BASE + "/cas/" + ca + "/profile", Map.of("profile_id", "device-profile"));
        assertThat(moved.json().get("profile_id").asText()).isEqualTo("device-profile");
        assertThat(api.admin.delete(BASE + "/profiles/" + id).status()).isEqualTo(204);
        assertThat(api.events("profile.issuance.create", "profile/" + id)).isEqualTo(1);
        assertThat(api.events("profile.issuance.update", "profile/" + id)).isEqualTo(1);
        assertThat(api.events("profile.issuance.delete", "profile/" + id)).isEqualTo(1);
        assertThat(api.events("ca.profile.update", "ca/" + ca)).isEqualTo(1);
    }

    @Test
    void caCreationValidatesItsInput() {
        String id = unique("rsa-root");
        Map<String, Object> rsa = CaApi.caBody(id, null, "RSA Root", "device-profile");
        rsa.put("key_metadata", Map.of("type", "RSA", "bits", 2048));
        TestHttp.Response created = api.admin.post(BASE + "/cas", rsa);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode cert = created.json().get("certificate");
        assertThat(cert.get("key_metadata").get("type").asText()).isEqualTo("RSA");
        assertThat(cert.get("is_ca").asBoolean()).isTrue();
        assertThat(cert.get("type").asText()).isEqualTo("MANAGED");
        assertThat(cert.get("engine_id").asText()).isNotEmpty();
        assertThat(cert.get("subject_key_id").asText()).hasSize(64);
        assertThat(api.events("ca.create", "ca/" + id)).isEqualTo(1);

        assertError(api.admin.post(BASE + "/cas", rsa), 409, "CA_ALREADY_EXISTS");
        assertError(api.admin.post(BASE + "/cas", CaApi.caBody(unique("x"), null, "X", "no-profile")), 404,
                "PROFILE_NOT_FOUND");
        assertError(api.admin.post(BASE + "/cas", CaApi.caBody(unique("x"), null, "X", "")), 400, "PROFILE_REQUIRED");
        assertError(api.admin.post(BASE + "/cas", CaApi.caBody(unique("x"), "no-parent", "X", "device-profile")),
                404, "CA_NOT_FOUND");
        Map<String, Object> weak = CaApi.caBody(unique("x"), null, "X", "device-profile");
        weak.put("key_metadata", Map.of("type", "RSA", "bits", 1024));
        assertError(api.admin.post(BASE + "/cas", weak), 400, "INVALID_KEY_SPEC");
        Map<String, Object> badEngine = CaApi.caBody(unique("x"), null, "X", "device-profile");
        badEngine.put("engine_id", "no-such-engine");
        assertError(api.admin.post(BASE + "/cas", badEngine), 400, "UNKNOWN_ENGINE");
        Map<String, Object> noCn = CaApi.caBody(unique("x"), null, "", "device-profile");
        assertError(api.admin.post(BASE + "/cas", noCn), 400, "INVALID_SUBJECT");

        assertThat(api.viewer.get(BASE + "/cas/cn/RSA%20Root").json().get("list").get(0).get("id").asText())
                .isEqualTo(id);
        assertThat(api.viewer.get(BASE + "/cas?filter=id[eq]" + id + "&filter=level[eq]0").json().get("list"))
                .hasSize(1);
        assertThat(api.viewer.get(BASE + "/cas?filter=id[eq]" + id + "&filter=is_ca[eq]false").json().get("list"))
                .isEmpty();
    }

    @Test
    void metadataUpdatesTakePatchesReplacementsAndMergePatches() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        TestHttp.Response patched = api.admin.patch(BASE + "/cas/" + ca + "/metadata", "application/json",
                Map.of("patches", List.of(Map.of("op", "add", "path", "/site", "value", "factory-3"))));
        assertThat(patched.json().get("metadata").toString()).isEqualTo("{\"site\":\"factory-3\"}");
        api.admin.patch(BASE + "/cas/" + ca + "/metadata", "application/merge-patch+json", Map.of("owner", "ops"));
        assertThat(api.ca(ca).get("metadata").toString()).isEqualTo("{\"site\":\"factory-3\",\"owner\":\"ops\"}");
        api.admin.put(BASE + "/cas/" + ca + "/metadata", Map.of("only", 1));
        assertThat(api.ca(ca).get("metadata").toString()).isEqualTo("{\"only\":1}");
        assertError(api.admin.patch(BASE + "/cas/" + ca + "/metadata", "application/json",
                Map.of("patches", List.of(Map.of("op", "replace", "path", "/missing", "value", 1)))), 422,
                "PATCH_FAILED");
        assertThat(api.events("ca.metadata.update", "ca/" + ca)).isEqualTo(3);

        String sn = api.signOk(ca, csr("meta"), null).get("serial_number").asText();
        TestHttp.Response certPatch = api.admin.put(BASE + "/certificates/" + sn + "/metadata",
                Map.of("patches", List.of(Map.of("op", "add", "path", "/lamassu.io~1ra~1attached-to", "value", "d1"))));
        assertThat(certPatch.status()).as(certPatch.body()).isEqualTo(200);
        assertThat(api.viewer.get(BASE + "/certificates?filter=metadata[jsonpath]$.%22lamassu.io/ra/attached-to%22"
                + "%20==%20%22d1%22").json().get("list")).hasSize(1);
        assertThat(api.events("certificate.metadata.update", "certificate/" + sn)).isEqualTo(1);
    }

    @Test
    void deletionRulesFollowUpstream() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        String sn = api.signOk(ca, csr("del"), null).get("serial_number").asText();
        assertError(api.admin.delete(BASE + "/cas/" + ca), 409, "CA_STATUS_INCONSISTENT");
        assertError(api.admin.delete(BASE + "/certificates/" + sn), 409, "ISSUER_CA_EXISTS");
        assertError(api.admin.delete(BASE + "/cas/" + ca + "?cascade_delete=true"), 403, "CASCADE_DELETE_NOT_ALLOWED");
        api.admin.post(BASE + "/cas/" + ca + "/status", Map.of("status", "REVOKED", "revocation_reason", "Superseded"));
        assertThat(api.admin.delete(BASE + "/cas/" + ca).status()).isEqualTo(200);
        assertError(api.viewer.get(BASE + "/cas/" + ca), 404, "CA_NOT_FOUND");
        assertThat(api.certificate(sn).get("status").asText()).isEqualTo("REVOKED");
        assertThat(api.admin.delete(BASE + "/certificates/" + sn).status()).isEqualTo(204);
        assertError(api.viewer.get(BASE + "/certificates/" + sn), 404, "CERTIFICATE_NOT_FOUND");
        assertThat(api.events("ca.delete", "ca/" + ca)).isEqualTo(1);
        assertThat(api.events("certificate.delete", "certificate/" + sn)).isEqualTo(1);
    }

    @Test
    void statsCountCasAndCertificatesByStatus() {
        String ca = unique("root");
        api.createCa(ca, null, "device-profile");
        api.signOk(ca, csr("s1"), null);
        String revoked = api.signOk(ca, csr("s2"), null).get("serial_number").asText();
        api.setStatus(api.operator, revoked, "REVOKED", "KeyCompromise");
        JsonNode perCa = api.viewer.get(BASE + "/stats/" + ca).json();
        assertThat(perCa.toString()).isEqualTo("{\"ACTIVE\":1,\"EXPIRED\":0,\"REVOKED\":1}");
        JsonNode all = api.viewer.get(BASE + "/stats?ca_filter=id[eq]" + ca).json();
        assertThat(all.get("cas").get("total").asLong()).isEqualTo(1);
        assertThat(all.get("certificates").get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertError(api.viewer.get(BASE + "/stats?cert_filter=status[eq]ACTIVE"), 400, "INVALID_FILTER");
        JsonNode expiring = api.viewer.get(BASE + "/certificates/expiration?expires_before=2999-01-01T00:00:00Z"
                + "&filter=issuer_meta.id[eq]" + ca + "&filter=is_ca[eq]false").json();
        assertThat(expiring.get("list")).hasSize(1);
        assertThat(api.viewer.get(BASE + "/certificates/status/REVOKED?filter=issuer_meta.id[eq]" + ca).json()
                .get("list")).hasSize(1);
        assertThat(api.viewer.get(BASE + "/cas/" + ca + "/certificates/status/ACTIVE").json().get("list")).hasSize(1);
    }
}
