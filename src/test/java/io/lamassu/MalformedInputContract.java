package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.RawHttp;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests across every endpoint (issue 7): malformed CSRs and base64, wrong JSON types
 * and nesting, bad ids, filters, JSONPath, bookmarks, JSON Patches, durations, sizes and content
 * types. Each must answer a 4xx {@code application/problem+json} with type, title, status, detail
 * and a stable code, say nothing about Java internals, and change nothing: every table the API
 * writes is compared before and after each request. Data-driven: one row per request; run on
 * SQLite and PostgreSQL (dialect-specific failures would surface as 500s on one of them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MalformedInputContract {
    static final String CA = "/api/ca/v1";
    static final String KMS = "/api/kms/v1";
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";
    static final String GROUPS = DEV + "/device-groups";
    static final String ALERTS = "/api/alerts/v1";
    static final String JSON = "application/json";
    /** Tables any endpoint writes; the audit log is left out on purpose (it records refusals). */
    static final List<String> STATE = List.of("ca_profiles", "ca_authorities", "ca_certificates", "kms_keys",
            "kms_key_aliases", "kms_key_bindings", "dms", "devices", "device_groups", "alert_subscriptions",
            "va_roles", "ca_certificate_history");

    TestApp app;
    TestHttp admin;
    String serial;
    String keyId;

    /** One hostile request; status 0 means "any 4xx", code null "any stable code". */
    record Case(String name, String method, String path, String contentType, String body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A fresh server on the database under test. */
    abstract TestApp newApp();

    @BeforeAll
    void start() {
        app = newApp();
        CaApi api = new CaApi(app);
        admin = api.admin;
        api.createProfile("device-profile", "1y");
        api.createCa("ca-1", null, "device-profile");
        api.createCa("ca-2", null, "device-profile");
        serial = api.signOk("ca-1", csr("device-1"), "device-profile").get("serial_number").asText();
        ok(admin.post(DMS + "/dms", Map.of("id", "dms-1", "name", "DMS 1", "settings",
                Map.of("enrollment_settings", Map.of("enrollment_ca", "ca-1")))));
        ok(admin.post(DEV + "/devices", Map.of("id", "device-1", "dms_id", "dms-1")));
        ok(admin.post(GROUPS, Map.of("id", "group-1", "name", "Group 1")));
        keyId = ok(admin.post(KMS + "/keys", Map.of("algorithm", "ECDSA", "size", 256, "name", "k1")))
                .get("key_id").asText();
        for (String path : metadataPaths()) {
            ok(admin.put(path, Map.of("m~x", 1, "a", Map.of("b", 2))));
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String csr(String cn) {
        return TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256), DistinguishedName.ofCommonName(cn),
                List.of()));
    }

    static JsonNode ok(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    List<String> metadataPaths() {
        return List.of(DEV + "/devices/device-1/metadata", CA + "/cas/ca-1/metadata", DMS + "/dms/dms-1/metadata",
                CA + "/certificates/" + serial + "/metadata", KMS + "/keys/" + keyId + "/metadata");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAProblemAndNothingChanges(Case c) {
        String before = state();
        TestHttp.Response r = c.status() == 413 ? declaredOnly(c)
                : admin.send(c.method(), c.path(), c.contentType(), c.body() == null ? "" : c.body());
        assertThat(r.status()).as(c.name() + ": " + r.body()).isBetween(400, 499);
        if (c.status() != 0) {
            assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
        }
        assertThat(r.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        JsonNode p = r.json();
        for (String member : List.of("type", "title", "detail", "code")) {
            assertThat(p.path(member).isTextual()).as(c.name() + " has " + member + ": " + r.body()).isTrue();
        }
        assertThat(p.path("status").asInt()).as(c.name()).isEqualTo(r.status());
        assertThat(p.get("code").asText()).as(c.name()).matches("[A-Z][A-Z0-9_]+");
        if (c.code() != null) {
            assertThat(p.get("code").asText()).as(c.name() + ": " + r.body()).isEqualTo(c.code());
        }
        assertThat(p.get("detail").asText()).as(c.name() + " leaks internals")
                .doesNotContain("java.", "io.lamassu", "Exception", "class ", "com.fasterxml", "LinkedHashMap");
        assertThat(state()).as(c.name() + " changed state").isEqualTo(before);
    }

    /**
     * An over-long body is refused on its declared length: send the head and only the start of the
     * body over a raw socket. (A client still writing the rest when the server answers 413 and
     * closes can see a broken pipe instead of the answer — the client's race, not the server's.)
     */
    TestHttp.Response declaredOnly(Case c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        String head = c.method() + " " + c.path() + " HTTP/1.1\r\nHost: " + URI.create(app.httpsBase()).getAuthority()
                + "\r\nAuthorization: Bearer " + app.token("admin") + "\r\nContent-Type: " + c.contentType()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        String[] parts = RawHttp.exchange(app, head, java.util.Arrays.copyOf(body, 1024)).split("\r\n\r\n", 2);
        String[] lines = parts[0].split("\r\n");
        java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String payload = parts.length > 1 ? parts[1] : "";
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            payload = dechunk(payload);
        }
        return new TestHttp.Response(Integer.parseInt(lines[0].split(" ")[1]), payload,
                java.net.http.HttpHeaders.of(headers, (k, v) -> true));
    }

    static String dechunk(String chunked) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return sb.toString();
            }
            sb.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    /** Every row of every table the API writes, as text. */
    String state() {
        StringBuilder sb = new StringBuilder();
        for (String table : STATE) {
            sb.append(table).append(':');
            app.app().jdbc().query("SELECT * FROM " + table + " ORDER BY 1", rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    sb.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v))
                            .append('|');
                }
                return sb.append('\n');
            });
        }
        return sb.toString();
    }

    Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        patches(all);
        metadataBodies(all);
        ids(all);
        csrs(all);
        jsonTypes(all);
        durations(all);
        kms(all);
        caRotationAndSignatures(all);
        statuses(all);
        lists(all);
        contentTypes(all);
        sizes(all);
        validationAndEnrollmentAdmin(all);
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        return all.stream();
    }

    static Case c(String name, String method, String path, String body, int status, String code) {
        return new Case(name, method, path, JSON, body, status, code);
    }

    /** Defect 1: bad '~' escapes on all five metadata endpoints, in both patch forms. */
    void patches(List<Case> all) {
        for (String path : metadataPaths()) {
            for (String bad : List.of("/a~2", "/a~", "/m~x", "~", "/a/~9")) {
                String op = "{\"op\":\"add\",\"path\":\"" + bad + "\",\"value\":1}";
                all.add(c("patches " + bad + " " + path, "PUT", path, "{\"patches\":[" + op + "]}", 400,
                        "INVALID_PATCH"));
                all.add(new Case("json-patch " + bad + " " + path, "PATCH", path, "application/json-patch+json",
                        "[" + op + "]", 400, "INVALID_PATCH"));
            }
            all.add(c("move from bad pointer " + path, "PUT", path,
                    "{\"patches\":[{\"op\":\"move\",\"from\":\"/m~x\",\"path\":\"/z\"}]}", 400, "INVALID_PATCH"));
            all.add(c("remove missing " + path, "PUT", path, "{\"patches\":[{\"op\":\"remove\",\"path\":\"/nope\"}]}",
                    422, "PATCH_FAILED"));
            all.add(c("second op fails " + path, "PUT", path, "{\"patches\":[{\"op\":\"add\",\"path\":\"/n\","
                    + "\"value\":1},{\"op\":\"test\",\"path\":\"/a/b\",\"value\":3}]}", 422, "PATCH_FAILED"));
            all.add(c("unknown op " + path, "PUT", path, "{\"patches\":[{\"op\":\"jump\",\"path\":\"/x\"}]}", 400,
                    "INVALID_PATCH"));
            all.add(c("op without path " + path, "PUT", path, "{\"patches\":[{\"op\":\"add\",\"value\":1}]}", 400,
                    "INVALID_PATCH"));
        }
    }

    /** Defect 7: one metadata body parser, so the same body gets the same answer on all five. */
    void metadataBodies(List<Case> all) {
        for (String path : metadataPaths()) {
            for (String method : List.of("PUT", "PATCH")) {
                all.add(c("patches not a list " + method + " " + path, method, path, "{\"patches\":\"nope\"}", 400,
                        "INVALID_PATCH"));
                all.add(c("patches of numbers " + method + " " + path, method, path, "{\"patches\":[1,2]}", 400,
                        "INVALID_PATCH"));
            }
            all.add(c("op not a string " + path, "PUT", path, "{\"patches\":[{\"op\":5,\"path\":\"/x\"}]}", 400,
                    "INVALID_PATCH"));
            all.add(c("scalar body " + path, "PUT", path, "42", 400, "INVALID_METADATA"));
            all.add(c("string body " + path, "PUT", path, "\"meta\"", 400, "INVALID_METADATA"));
            all.add(c("null body " + path, "PUT", path, "null", 400, null));
            all.add(c("truncated JSON " + path, "PUT", path, "{\"a\": ", 400, "MALFORMED_JSON"));
            all.add(new Case("object as json-patch " + path, "PATCH", path, "application/json-patch+json", "{}", 400,
                    "INVALID_PATCH"));
            all.add(new Case("merge patch not an object " + path, "PATCH", path, "application/merge-patch+json", "7",
                    400, "INVALID_METADATA"));
            all.add(new Case("text/plain " + path, "PUT", path, "text/plain", "{}", 415, "UNSUPPORTED_MEDIA_TYPE"));
        }
        for (String path : List.of(DEV + "/devices/ghost/metadata", CA + "/cas/ghost/metadata",
                DMS + "/dms/ghost/metadata", CA + "/certificates/0badc0de/metadata", KMS + "/keys/ghost/metadata")) {
            all.add(c("unknown resource " + path, "PUT", path, "{\"a\":1}", 404, null));
        }
    }

    void ids(List<Case> all) {
        for (String id : List.of(".", "..", "", "a b", "x".repeat(129), "dev/ice", "dévice", "a\\u0000b")) {
            all.add(c("device id '" + id + "'", "POST", DEV + "/devices",
                    "{\"id\":\"" + id + "\",\"dms_id\":\"dms-1\"}", 400, null));
            all.add(c("dms id '" + id + "'", "POST", DMS + "/dms", "{\"id\":\"" + id + "\",\"name\":\"n\"}", 400,
                    null));
        }
        all.add(c("device of unknown dms", "POST", DEV + "/devices", "{\"id\":\"d-new\",\"dms_id\":\"ghost\"}", 0,
                null));
        all.add(c("duplicate device", "POST", DEV + "/devices", "{\"id\":\"device-1\",\"dms_id\":\"dms-1\"}", 409,
                null));
        all.add(c("duplicate dms", "POST", DMS + "/dms", "{\"id\":\"dms-1\",\"name\":\"n\"}", 409, null));
        all.add(c("group id '..'", "POST", GROUPS, "{\"id\":\"..\",\"name\":\"n\"}", 400, null));
        all.add(c("ca id '../x'", "POST", CA + "/cas", caBody("\"../x\"", "\"5y\"", "\"device-profile\""), 400,
                null));
        all.add(c("profile id '..'", "POST", CA + "/profiles", profileBody("..", "\"1y\""), 400, null));
        all.add(c("certificate of another CA", "GET", CA + "/cas/ghost/certificates/" + serial, null, 404,
                "CA_NOT_FOUND"));
        all.add(c("certificate under another CA", "GET", CA + "/cas/ca-2/certificates/" + serial, null, 404,
                "CERTIFICATE_NOT_FOUND"));
        all.add(c("CA's own certificate is not one it issued", "GET", CA + "/cas/ca-1/certificates/"
                + caSerial(), null, 404, "CERTIFICATE_NOT_FOUND"));
        all.add(c("unknown serial", "GET", CA + "/certificates/zz-not-hex", null, 0, null));
        all.add(c("bind unknown device", "POST", DMS + "/dms/bind-identity",
                "{\"device_id\":\"ghost\",\"certificate_serial_number\":\"" + serial + "\"}", 404, null));
        all.add(c("idslot with non-hex serial", "PUT", DEV + "/devices/device-1/idslot",
                "{\"certificate_serial_number\":\"xyz!\"}", 0, null));
    }

    String caSerial() {
        return app.app().jdbc().queryOne("SELECT serial_number FROM ca_authorities WHERE id = 'ca-1'",
                rs -> rs.getString(1)).orElseThrow();
    }

    void csrs(List<Case> all) {
        String garbage64 = Base64.getEncoder().encodeToString("garbage".getBytes(StandardCharsets.UTF_8));
        String truncated = csr("t").substring(0, 60);
        List<String> bad = List.of("\"\"", "\"%%%\"", "\"" + garbage64 + "\"", "\"" + truncated + "\"", "42", "[]",
                "{}", "null", "\"-----BEGIN CERTIFICATE REQUEST-----\"", "\"" + "A".repeat(4001) + "\"");
        for (String csr : bad) {
            for (String route : List.of("/cas/ca-1/sign", "/cas/ca-1/certificates/sign")) {
                all.add(c("csr " + abbreviate(csr) + " " + route, "POST", CA + route,
                        "{\"csr\":" + csr + ",\"profile_id\":\"device-profile\"}", 400, null));
            }
        }
        all.add(c("sign under unknown profile", "POST", CA + "/cas/ca-1/sign",
                "{\"csr\":\"" + csr("x") + "\",\"profile_id\":\"ghost\"}", 404, "PROFILE_NOT_FOUND"));
        all.add(c("sign with unknown CA", "POST", CA + "/cas/ghost/sign", "{\"csr\":\"" + csr("x") + "\"}", 404,
                "CA_NOT_FOUND"));
        all.add(c("import certificate not base64", "POST", CA + "/certificates/import", "{\"certificate\":\"%%%\"}",
                400, null));
        all.add(c("import CA not PEM", "POST", CA + "/cas/import", "{\"id\":\"imp\",\"ca\":\"bm90IGEgY2VydA==\"}",
                400, null));
    }

    static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "…(" + s.length() + ")" : s;
    }

    static String caBody(String id, String duration, String profile) {
        return "{\"id\":" + id + ",\"subject\":{\"common_name\":\"X\"},\"key_metadata\":{\"type\":\"ECDSA\","
                + "\"bits\":256},\"ca_expiration\":{\"type\":\"Duration\",\"duration\":" + duration + "},"
                + "\"profile_id\":" + profile + "}";
    }

    static String profileBody(String id, String duration) {
        return "{\"id\":\"" + id + "\",\"name\":\"p\",\"validity\":{\"type\":\"Duration\",\"duration\":" + duration
                + "}}";
    }

    /** Wrong JSON types and nesting: each said in API terms, never a Java class. */
    void jsonTypes(List<Case> all) {
        all.add(c("ca subject a string", "POST", CA + "/cas", caBody("\"t1\"", "\"5y\"", "\"device-profile\"")
                .replace("{\"common_name\":\"X\"}", "\"X\""), 400, "MALFORMED_JSON"));
        all.add(c("ca bits a word", "POST", CA + "/cas", caBody("\"t2\"", "\"5y\"", "\"device-profile\"")
                .replace("256", "\"many\""), 400, "MALFORMED_JSON"));
        all.add(c("ca expiration an array", "POST", CA + "/cas", caBody("\"t3\"", "[1]", "\"device-profile\""), 400,
                "MALFORMED_JSON"));
        all.add(c("ca id an object", "POST", CA + "/cas", caBody("{}", "\"5y\"", "\"device-profile\""), 400,
                "MALFORMED_JSON"));
        all.add(c("ca without profile_id", "POST", CA + "/cas", caBody("\"t4\"", "\"5y\"", "null"), 400,
                "PROFILE_REQUIRED"));
        all.add(c("ca unknown field", "POST", CA + "/cas", caBody("\"t5\"", "\"5y\"", "\"device-profile\"")
                .replace("{\"id\"", "{\"colour\":1,\"id\""), 400, "MALFORMED_JSON"));
        all.add(c("dms body an array", "POST", DMS + "/dms", "[]", 400, "MALFORMED_JSON"));
        all.add(c("dms name a number", "POST", DMS + "/dms", "{\"id\":\"d9\",\"name\":5}", 400, "MALFORMED_JSON"));
        all.add(c("dms settings a string", "POST", DMS + "/dms", "{\"id\":\"d9\",\"name\":\"n\",\"settings\":\"x\"}",
                400, "MALFORMED_JSON"));
        all.add(c("device tags an object", "POST", DEV + "/devices",
                "{\"id\":\"d9\",\"dms_id\":\"dms-1\",\"tags\":{}}", 400, "MALFORMED_JSON"));
        all.add(c("device metadata a list", "POST", DEV + "/devices",
                "{\"id\":\"d9\",\"dms_id\":\"dms-1\",\"metadata\":[]}", 400, "MALFORMED_JSON"));
        all.add(c("device body nested 200 deep", "POST", DEV + "/devices", "{\"id\":\"d9\",\"dms_id\":\"dms-1\","
                + "\"metadata\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}", 400, "MALFORMED_JSON"));
        all.add(c("profile key_usage an object", "POST", CA + "/profiles", profileBody("p9", "\"1y\"")
                .replace("}}", "},\"key_usage\":{}}"), 400, "MALFORMED_JSON"));
        all.add(c("group criteria a number", "POST", GROUPS, "{\"id\":\"g9\",\"name\":\"n\",\"criteria\":5}", 400,
                null));
        all.add(c("alerts subscription channel a list", "POST", ALERTS + "/user/u1/subscribe",
                "{\"event_type\":\"*\",\"channel\":[]}", 400, null));
        all.add(c("alerts unknown event type", "POST", ALERTS + "/user/u1/subscribe",
                "{\"event_type\":\"nope.nope\",\"channel\":{\"type\":\"WEBHOOK\",\"config\":{\"webhook_url\":"
                        + "\"https://example.com/h\"}}}", 400, null));
        all.add(c("bind-identity serial a number", "POST", DMS + "/dms/bind-identity",
                "{\"device_id\":\"device-1\",\"certificate_serial_number\":7}", 400, "MALFORMED_JSON"));
    }

    /** Defect 1: absurd durations and validity times are refused on input. */
    void durations(List<Case> all) {
        for (String d : List.of("\"99999999999y\"", "\"1001y\"", "\"9223372036854775807s\"", "\"-1d\"", "\"1x\"",
                "\"\"", "\"0s\"", "5", "\"" + "1y".repeat(40) + "\"")) {
            all.add(c("profile validity " + abbreviate(d), "POST", CA + "/profiles", profileBody("p-" + all.size(), d),
                    400, null));
            all.add(c("ca expiration " + abbreviate(d), "POST", CA + "/cas", caBody("\"ca-" + all.size() + "\"", d,
                    "\"device-profile\""), 400, null));
        }
        for (String t : List.of("\"+10000-01-01T00:00:00Z\"", "\"garbage\"", "\"0001-01-01T00:00:00Z\"",
                "\"2000-01-01T00:00:00Z\"")) {
            all.add(c("ca expiration time " + t, "POST", CA + "/cas", caBody("\"ct-" + all.size() + "\"", "\"5y\"",
                    "\"device-profile\"").replace("{\"type\":\"Duration\",\"duration\":\"5y\"}",
                    "{\"type\":\"Time\",\"time\":" + t + "}"), 400, null));
        }
        all.add(c("profile update with absurd validity", "PUT", CA + "/profiles/device-profile",
                profileBody("device-profile", "\"99999999999y\""), 400, "INVALID_DURATION"));
        all.add(c("dms preventive delta absurd", "POST", DMS + "/dms", "{\"id\":\"dd\",\"name\":\"n\",\"settings\":{"
                + "\"enrollment_settings\":{\"enrollment_ca\":\"ca-1\"},\"reenrollment_settings\":{\"preventive_delta\":"
                + "\"99999999999y\",\"critical_delta\":\"7d\"}}}", 400, null));
    }

    void kms(List<Case> all) {
        String key = KMS + "/keys/" + keyId;
        all.add(c("key algorithm unknown", "POST", KMS + "/keys", "{\"algorithm\":\"FOO\",\"size\":256}", 400, null));
        all.add(c("key size negative", "POST", KMS + "/keys", "{\"algorithm\":\"RSA\",\"size\":-1}", 400, null));
        all.add(c("key size a word", "POST", KMS + "/keys", "{\"algorithm\":\"RSA\",\"size\":\"big\"}", 400,
                "MALFORMED_JSON"));
        all.add(c("key import not PEM", "POST", KMS + "/keys/import", "{\"private_key\":\"%%%\"}", 400, null));
        all.add(c("sign message not base64", "POST", key + "/sign",
                "{\"algorithm\":\"ECDSA_SHA_256\",\"message\":\"%%%\",\"message_type\":\"raw\"}", 400, null));
        all.add(c("sign algorithm unknown", "POST", key + "/sign",
                "{\"algorithm\":\"NOPE\",\"message\":\"aGk=\",\"message_type\":\"raw\"}", 400, null));
        all.add(c("verify without signature", "POST", key + "/verify",
                "{\"algorithm\":\"ECDSA_SHA_256\",\"message\":\"aGk=\",\"message_type\":\"raw\"}", 400, null));
        all.add(c("tags a string", "PUT", key + "/tags", "{\"tags\":\"t\"}", 400, "MALFORMED_JSON"));
        all.add(c("name a list", "PUT", key + "/name", "{\"name\":[]}", 400, "MALFORMED_JSON"));
        all.add(c("alias patch bad pointer", "PATCH", key + "/aliases",
                "{\"patches\":[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":\"x\"}]}", 0, null));
        all.add(c("delete key in use by a CA", "DELETE", KMS + "/keys/" + caKeyId(), null, 409, "KEY_IN_USE"));
    }

    /** CA reissue and the CA signature API (issue 13): every refusal leaves the CA, its keys and history as they were. */
    void caRotationAndSignatures(List<Case> all) {
        String reissue = CA + "/cas/ca-1/reissue";
        all.add(c("reissue unknown CA", "POST", CA + "/cas/ghost/reissue", "{}", 404, "CA_NOT_FOUND"));
        all.add(c("reissue empty body", "POST", reissue, "", 400, "EMPTY_BODY"));
        all.add(c("reissue body a list", "POST", reissue, "[]", 400, null));
        all.add(c("reissue unknown field", "POST", reissue, "{\"shiny\":true}", 400, null));
        all.add(c("reissue absurd duration", "POST", reissue,
                "{\"ca_expiration\":{\"type\":\"Duration\",\"duration\":\"99999999999y\"}}", 400,
                "INVALID_DURATION"));
        all.add(c("reissue zero duration", "POST", reissue,
                "{\"ca_expiration\":{\"type\":\"Duration\",\"duration\":\"0s\"}}", 400, null));
        all.add(c("reissue past time", "POST", reissue,
                "{\"ca_expiration\":{\"type\":\"Time\",\"time\":\"1999-01-01T00:00:00Z\"}}", 400,
                "INVALID_VALIDITY"));
        all.add(c("reissue time after 9999", "POST", reissue,
                "{\"ca_expiration\":{\"type\":\"Time\",\"time\":\"+20000-01-01T00:00:00Z\"}}", 400, null));
        all.add(c("reissue new_key a string", "POST", reissue, "{\"new_key\":\"yes\"}", 400, "MALFORMED_JSON"));
        all.add(c("reissue weak new key", "POST", reissue,
                "{\"new_key\":true,\"key_metadata\":{\"type\":\"RSA\",\"bits\":512}}", 400,
                "INVALID_KEY_SPEC"));
        all.add(c("reissue key bits huge", "POST", reissue,
                "{\"key_metadata\":{\"type\":\"RSA\",\"bits\":99999999999}}", 400, null));
        all.add(c("reissue unknown engine", "POST", reissue, "{\"new_key\":true,\"engine_id\":\"nope\"}", 400,
                "UNKNOWN_ENGINE"));
        all.add(c("reissue unknown profile", "POST", reissue, "{\"profile_id\":\"ghost\"}", 404,
                "PROFILE_NOT_FOUND"));
        all.add(c("reissue with an end-entity profile", "POST", reissue, "{\"profile_id\":\"device-profile\"}",
                400, "PROFILE_NOT_FOR_CA"));
        String sign = CA + "/cas/ca-1/signature/sign";
        String verify = CA + "/cas/ca-1/signature/verify";
        all.add(c("ca sign message not base64", "POST", sign,
                "{\"message\":\"%%%\",\"message_type\":\"raw\",\"signature_algorithm\":\"ECDSA_SHA_256\"}", 400,
                "INVALID_MESSAGE"));
        all.add(c("ca sign RSA scheme on an EC key", "POST", sign,
                "{\"message\":\"aGk=\",\"signature_algorithm\":\"RSASSA_PSS_SHA_256\"}", 400,
                "INCOMPATIBLE_SIGNING_ALGORITHM"));
        all.add(c("ca sign digest of the wrong length", "POST", sign,
                "{\"message\":\"aGk=\",\"message_type\":\"hash\",\"signature_algorithm\":\"ECDSA_SHA_256\"}", 400,
                "INVALID_DIGEST_LENGTH"));
        all.add(c("ca sign unknown scheme", "POST", sign,
                "{\"message\":\"aGk=\",\"signature_algorithm\":\"MD5withRSA\"}", 400, "UNSUPPORTED_SIGNING_ALGORITHM"));
        all.add(c("ca sign message a number", "POST", sign,
                "{\"message\":5,\"signature_algorithm\":\"ECDSA_SHA_256\"}", 400, null));
        all.add(c("ca sign unknown CA", "POST", CA + "/cas/ghost/signature/sign",
                "{\"message\":\"aGk=\",\"signature_algorithm\":\"ECDSA_SHA_256\"}", 404, "CA_NOT_FOUND"));
        all.add(c("ca verify without signature", "POST", verify,
                "{\"message\":\"aGk=\",\"signature_algorithm\":\"ECDSA_SHA_256\"}", 400, "INVALID_SIGNATURE"));
        all.add(c("ca verify message type unknown", "POST", verify, "{\"message\":\"aGk=\",\"signature\":\"aGk=\","
                + "\"message_type\":\"cooked\",\"signature_algorithm\":\"ECDSA_SHA_256\"}", 400, "INVALID_MESSAGE_TYPE"));
    }

    String caKeyId() {
        return app.app().jdbc().queryOne("SELECT key_id FROM kms_key_bindings LIMIT 1", rs -> rs.getString(1))
                .orElseThrow();
    }

    void statuses(List<Case> all) {
        String cert = CA + "/certificates/" + serial + "/status";
        all.add(c("certificate status unknown", "PUT", cert, "{\"status\":\"SHINY\"}", 400, null));
        all.add(c("revocation reason unknown", "PUT", cert, "{\"status\":\"REVOKED\",\"revocation_reason\":\"Bogus\"}",
                400, null));
        all.add(c("certificate status a number", "PUT", cert, "{\"status\":1}", 400, "MALFORMED_JSON"));
        all.add(c("certificate status a boolean", "PUT", cert, "{\"status\":true}", 400, "MALFORMED_JSON"));
        all.add(c("ca status unknown", "POST", CA + "/cas/ca-1/status", "{\"status\":\"SHINY\"}", 400, null));
        all.add(c("delete active CA", "DELETE", CA + "/cas/ca-1", null, 409, "CA_STATUS_INCONSISTENT"));
        all.add(c("cascade delete", "DELETE", CA + "/cas/ca-1?cascade_delete=true", null, 403,
                "CASCADE_DELETE_NOT_ALLOWED"));
        all.add(c("cascade delete not a boolean", "DELETE", CA + "/cas/ca-1?cascade_delete=maybe", null, 400,
                "INVALID_QUERY_PARAMETER"));
        all.add(c("ca profile unknown", "POST", CA + "/cas/ca-1/profile", "{\"profile_id\":\"ghost\"}", 404, null));
        all.add(c("delete profile in use", "DELETE", CA + "/profiles/device-profile", null, 0, null));
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Filters, JSONPath, sorting, page sizes and bookmarks on every list. */
    void lists(List<Case> all) {
        List<String> lists = List.of(CA + "/cas", CA + "/certificates", CA + "/profiles", DEV + "/devices",
                DMS + "/dms", KMS + "/keys", GROUPS, CA + "/cas/ca-1/certificates");
        List<String> bad = List.of("filter=" + q("nope[eq]x"), "filter=" + q("id[zz]x"), "filter=" + q("id"),
                "filter=" + q("metadata[jsonpath]$$"), "filter=" + q("metadata[jsonpath]$.a ?? 1"),
                "sort_by=nope", "sort_mode=sideways", "page_size=0", "page_size=-1", "page_size=1.5",
                "page_size=abc", "bookmark=garbage", "bookmark=%25%25%25garbage", "bookmark=" + "QQ".repeat(9000),
                "bookmark=" + q("djI.YQ.Mg"), "filter=" + q("id[eq]a\u0000b"));
        for (String list : lists) {
            for (String query : bad) {
                all.add(c("list " + list + "?" + abbreviate(query), "GET", list + "?" + query, null, 0, null));
            }
        }
        all.add(c("status filter value unknown", "GET", CA + "/certificates?filter=" + q("status[eq]SHINY"), null,
                400, "INVALID_FILTER_VALUE"));
        all.add(c("expiration bounds not times", "GET", CA + "/certificates/expiration?expires_after=yesterday",
                null, 400, null));
        all.add(c("bookmark from another list's filters", "GET", DEV + "/devices?filter=" + q("id[eq]x")
                + "&bookmark=" + bookmarkOfDevices(), null, 400, "INVALID_BOOKMARK"));
    }

    /** A genuine bookmark for the device list (made with no filter). */
    String bookmarkOfDevices() {
        ok(admin.post(DEV + "/devices", Map.of("id", "device-2", "dms_id", "dms-1")));
        JsonNode page = ok(admin.get(DEV + "/devices?page_size=1"));
        return q(page.get("next").asText());
    }

    void contentTypes(List<Case> all) {
        String body = "{\"id\":\"ct\",\"dms_id\":\"dms-1\"}";
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            all.add(new Case("device as " + type, "POST", DEV + "/devices", type, body, 415, "UNSUPPORTED_MEDIA_TYPE"));
            all.add(new Case("profile as " + type, "POST", CA + "/profiles", type, profileBody("pct", "\"1y\""), 415,
                    "UNSUPPORTED_MEDIA_TYPE"));
        }
        all.add(new Case("no content type", "POST", DMS + "/dms", null, "{\"id\":\"x\",\"name\":\"n\"}", 415, null));
        all.add(c("empty body", "POST", DMS + "/dms", "", 400, null));
        all.add(c("whitespace body", "POST", CA + "/cas", "   ", 400, null));
        all.add(c("invalid UTF-8 escape", "POST", DEV + "/devices", "{\"id\":\"\\ud800\",\"dms_id\":\"dms-1\"}", 400,
                null));
        all.add(c("method not allowed", "PATCH", CA + "/cas", "{}", 405, null));
    }

    void sizes(List<Case> all) {
        String big = "x".repeat(70 * 1024);
        all.add(c("body over the limit", "POST", DEV + "/devices", "{\"id\":\"big\",\"dms_id\":\"dms-1\","
                + "\"metadata\":{\"a\":\"" + big + "\"}}", 413, null));
        all.add(c("metadata over the limit", "PUT", DEV + "/devices/device-1/metadata", "{\"a\":\"" + big + "\"}",
                413, null));
        all.add(c("too many tags", "POST", DEV + "/devices", "{\"id\":\"tags\",\"dms_id\":\"dms-1\",\"tags\":["
                + String.join(",", java.util.Collections.nCopies(101, "\"t\"")) + "]}", 400, null));
        all.add(c("too many filters", "GET", DEV + "/devices?" + String.join("&",
                java.util.Collections.nCopies(51, "filter=" + q("id[eq]x"))), null, 400, null));
        all.add(c("patch with too many operations", "PUT", DEV + "/devices/device-1/metadata", "{\"patches\":["
                + String.join(",", java.util.Collections.nCopies(1001, "{\"op\":\"test\",\"path\":\"/a\",\"value\":1}"))
                + "]}", 400, "INVALID_PATCH"));
    }

    static JsonNode tree(String json) {
        try {
            return io.lamassu.common.json.Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The VA roles API, public CRL/CA paths, EST credentials and the audit log. */
    void validationAndEnrollmentAdmin(List<Case> all) {
        String ski = ok(admin.get(CA + "/cas/ca-1")).get("certificate").get("subject_key_id").asText();
        String role = "/api/va/v1/roles/" + ski;
        for (String body : List.of("[]", "5", "{\"crl_options\":5}", "{\"colour\":1}",
                "{\"crl_options\":{\"validity\":\"99999999999y\"}}", "{\"crl_options\":{\"validity\":7}}",
                "{\"crl_options\":{\"refresh_interval\":\"-1d\"}}", "{\"ocsp_options\":[]}", "{\"a\": ",
                "{\"ocsp_options\":{\"delegated_signer\":5}}",
                "{\"ocsp_options\":{\"delegated_signer\":{\"enabled\":1}}}",
                "{\"ocsp_options\":{\"delegated_signer\":{\"validity\":\"1s\"}}}",
                "{\"ocsp_options\":{\"delegated_signer\":{\"enabled\":true,\"validity\":\"2h\"}}}",
                "{\"ocsp_options\":{\"delegated_signer\":{\"validity\":\"99999999999999y\"}}}",
                "{\"ocsp_options\":{\"delegated_signer\":{\"colour\":1}}}")) {
            all.add(c("va role " + abbreviate(body), "PUT", role, body, 400, null));
        }
        all.add(c("va role of unknown CA", "PUT", "/api/va/v1/roles/" + "ab".repeat(32), "{}", 404, null));
        all.add(c("va role key not hex", "GET", "/api/va/v1/roles/not-hex", null, 0, null));
        all.add(c("crl of unknown CA", "GET", "/api/va/v1/crl/" + "cd".repeat(32), null, 404, null));
        all.add(c("crl key not hex", "GET", "/api/va/v1/crl/zz%20top", null, 0, null));
        all.add(c("CA certificate file not a key id", "GET", "/ca/nothing.crt", null, 400, "INVALID_SKI"));
        all.add(c("CA certificate file unknown", "GET", "/ca/" + "ef".repeat(32) + ".crt", null, 404, null));
        String cred = DMS + "/dms/dms-1/est/basic-credential";
        for (String body : List.of("{}", "[]", "{\"username\":5,\"password\":\"p\"}",
                "{\"username\":\"u\"}", "{\"username\":\"u\",\"password\":\"p\",\"x\":1}",
                "{\"username\":\"" + "u".repeat(5000) + "\",\"password\":\"p\"}")) {
            all.add(c("est credential " + abbreviate(body), "PUT", cred, body, 400, null));
        }
        all.add(c("est credential of unknown DMS", "PUT", DMS + "/dms/ghost/est/basic-credential",
                "{\"username\":\"u\",\"password\":\"p4ssw0rd-long-enough\"}", 404, null));
        for (String query : List.of("filter=" + q("nope[eq]x"), "sort_by=nope", "page_size=0", "bookmark=garbage")) {
            all.add(c("audit records ?" + query, "GET", "/api/audit/v1/records?" + query, null, 400, null));
        }
    }

    /** The fixture is in place (so the refusals above are about the input, not a missing resource). */
    @Test
    void fixtureExists() {
        assertThat(ok(admin.get(DEV + "/devices/device-1")).get("metadata").get("m~x").asInt()).isEqualTo(1);
        assertThat(ok(admin.get(KMS + "/keys/" + keyId)).get("metadata").get("a").get("b").asInt()).isEqualTo(2);
        assertThat(ok(admin.get(CA + "/cas/ca-1/certificates/" + serial)).get("serial_number").asText())
                .isEqualTo(serial);
    }

    /**
     * The same bodies mean the same on all five metadata endpoints: a bare RFC 6902 array as
     * application/json-patch+json, {"patches": [...]}, a merge patch, a plain object on PATCH
     * (merges) and on PUT (replaces). Each endpoint ends with the fixture's metadata again.
     */
    @Test
    void metadataBodiesMeanTheSameOnAllFiveEndpoints() {
        for (String path : metadataPaths()) {
            JsonNode r = ok(admin.send("PATCH", path, "application/json-patch+json",
                    "[{\"op\":\"add\",\"path\":\"/n\",\"value\":1},{\"op\":\"replace\",\"path\":\"/m~0x\","
                            + "\"value\":5}]"));
            assertThat(r.get("metadata")).as(path).isEqualTo(tree("{\"m~x\":5,\"a\":{\"b\":2},\"n\":1}"));
            r = ok(admin.send("PUT", path, JSON, "{\"patches\":[{\"op\":\"remove\",\"path\":\"/n\"}]}"));
            assertThat(r.get("metadata").has("n")).as(path).isFalse();
            r = ok(admin.send("PATCH", path, "application/merge-patch+json", "{\"m~x\":null,\"z\":true}"));
            assertThat(r.get("metadata")).as(path).isEqualTo(tree("{\"a\":{\"b\":2},\"z\":true}"));
            r = ok(admin.send("PATCH", path, JSON, "{\"a\":{\"c\":3}}"));
            assertThat(r.get("metadata").get("a")).as(path).isEqualTo(tree("{\"b\":2,\"c\":3}"));
            r = ok(admin.send("PUT", path, JSON, "{\"m~x\":1,\"a\":{\"b\":2}}"));
            assertThat(r.get("metadata")).as(path).isEqualTo(tree("{\"m~x\":1,\"a\":{\"b\":2}}"));
        }
    }
}
