package io.lamassu.bench;

import io.lamassu.Application;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server for benchmarks: production wiring (KMS, SQLite or PostgreSQL via
 * {@code -Dbench.db=jdbc:postgresql://...}), a profile and a CA made through the REST API.
 */
final class BenchServer implements AutoCloseable {
    final Application app;
    final TestHttp admin;
    final String operatorToken;

    BenchServer() throws Exception {
        Path dir = Files.createTempDirectory("lamassu-bench");
        LamassuConfig d = LamassuConfig.defaults(dir);
        LamassuConfig.Server s = d.server();
        String db = System.getProperty("bench.db", "");
        LamassuConfig cfg = new LamassuConfig(dir, new LamassuConfig.Server("127.0.0.1", 0, 0, s.tlsHostnames(),
                List.of(), s.maxBodyBytes(), s.trustedProxies()), new LamassuConfig.Storage(db, "", "", 10),
                d.auth(), d.pki(), d.jobs());
        app = Application.start(cfg, Clock.systemUTC());
        admin = TestHttp.plain(base(), app.tokenIssuer().mint("bench-admin", List.of("admin"), Duration.ofHours(4)));
        operatorToken = app.tokenIssuer().mint("bench-operator", List.of("operator"), Duration.ofHours(4));
        Map<String, Object> profile = CaApi.profileBody("bench", "1y");
        profile.put("crypto_enforcement", Map.of("enabled", false));
        check(admin.post(CaApi.BASE + "/profiles", profile));
    }

    String base() {
        return "http://127.0.0.1:" + app.httpPort();
    }

    /** Creates a root CA with the given key type ("ECDSA" 256 or "RSA" 2048). */
    String createCa(String id, String type, int bits) {
        Map<String, Object> body = CaApi.caBody(id, null, id, "bench");
        body.put("key_metadata", Map.of("type", type, "bits", bits));
        check(admin.post(CaApi.BASE + "/cas", body));
        return id;
    }

    /** Distinct device CSRs (each with its own P-256 key), base64 DER as the seed sends them. */
    static List<String> csrs(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256),
                    DistinguishedName.ofCommonName("device-" + i), List.of())));
        }
        return out;
    }

    static void check(TestHttp.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(r.status() + " " + r.body());
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
