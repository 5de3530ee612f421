package io.lamassu.bench;

import io.lamassu.Application;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server for benchmarks: production wiring (KMS, SQLite or PostgreSQL via
 * {@code -Dbench.db=jdbc:postgresql://...}), the API on HTTPS only, a profile and a CA made through
 * the REST API. (Started through the test kit for its TLS trust helpers; its clock is fixed, which
 * only makes every certificate share one notBefore.)
 */
final class BenchServer implements AutoCloseable {
    final TestApp test;
    final Application app;
    final TestHttp admin;
    final String operatorToken;
    private final boolean owner;
    private final LamassuConfig.Events events;

    BenchServer() throws Exception {
        this(config(Files.createTempDirectory("lamassu-bench")), true);
    }

    /**
     * The benchmark configuration in {@code dir}: SQLite unless {@code -Dbench.db}; the in-process
     * bus unless {@code -Dbench.amqp=amqp://...} (then RabbitMQ with exchange and queue names unique
     * to this run, {@code -Dbench.names=<suffix>} to share them between instances).
     */
    static LamassuConfig config(Path dir) {
        LamassuConfig d = LamassuConfig.defaults(dir);
        LamassuConfig.Server s = d.server();
        String db = System.getProperty("bench.db", "");
        LamassuConfig cfg = new LamassuConfig(dir, new LamassuConfig.Server("127.0.0.1", 0, 0, s.tlsHostnames(),
                List.of(), s.maxBodyBytes(), s.trustedProxies(), false), new LamassuConfig.Storage(db, "", "", Integer.getInteger("bench.pool", 10)),
                d.auth(), d.pki(), d.jobs());
        // -Dbench.crypto=bouncycastle compares the fallback with the native provider (ADR 0210).
        cfg = cfg.withCrypto(new LamassuConfig.Crypto(System.getProperty("bench.crypto", "auto")));
        String amqp = System.getProperty("bench.amqp", "");
        if (!amqp.isEmpty()) {
            String n = System.getProperty("bench.names", Long.toHexString(System.nanoTime()));
            cfg = cfg.withEvents(LamassuConfig.Events.defaults().rabbitmq(amqp)
                    .named("bench-events-" + n, "bench-dlq-" + n, "bench-" + n));
        }
        return cfg;
    }

    /** A server on {@code cfg}; {@code setUp} creates the benchmark profile (once per database). */
    BenchServer(LamassuConfig cfg, boolean setUp) {
        this.owner = setUp;
        this.events = cfg.events();
        test = TestApp.start(cfg);
        app = test.app();
        admin = TestHttp.tls(test, app.tokenIssuer().mint("bench-admin", List.of("admin"), Duration.ofHours(4)));
        operatorToken = app.tokenIssuer().mint("bench-operator", List.of("operator"), Duration.ofHours(4));
        if (setUp) {
            Map<String, Object> profile = CaApi.profileBody("bench", "1y");
            profile.put("crypto_enforcement", Map.of("enabled", false));
            checkOrExists(admin.post(CaApi.BASE + "/profiles", profile));
        }
    }

    /** The API is served over HTTPS only (production setting), as clients would use it. */
    String base() {
        return test.httpsBase();
    }

    javax.net.ssl.SSLContext ssl() {
        return test.sslContext();
    }

    /** Creates a root CA with the given key type ("ECDSA" 256 or "RSA" 2048). */
    String createCa(String id, String type, int bits) {
        Map<String, Object> body = CaApi.caBody(id, null, id, "bench");
        body.put("key_metadata", Map.of("type", type, "bits", bits));
        checkOrExists(admin.post(CaApi.BASE + "/cas", body));
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

    /** Set-up calls may find their object from an earlier run on the same database (409): reused. */
    static void checkOrExists(TestHttp.Response r) {
        if (r.status() != 409) {
            check(r);
        }
    }

    static void check(TestHttp.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(r.status() + " " + r.body());
        }
    }

    @Override
    public void close() {
        test.close();
        if (owner && events.isRabbitMq()) {
            try {
                com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
                f.setUri(events.amqpUrl());
                EventBusBenchmark.deleteBrokerObjects(f, events.exchange().substring("bench-events-".length()));
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }
}
