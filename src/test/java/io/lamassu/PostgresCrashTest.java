package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.ServerProcess;
import io.lamassu.testkit.TestDatabases;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: a real server process on PostgreSQL killed with SIGKILL while several clients sign
 * certificates and create CAs (ECDSA and RSA keys, so key generation is in flight at the kill).
 * Afterwards, checked with SQL: every acknowledged (201) certificate and CA is stored, no serial
 * repeats, and every private key in the KMS belongs to a stored CA (none left by a creation that
 * died between key and CA). Then a new server on the same data directory and database serves:
 * it signs with the CA created before the crash (same sealed key, same master key).
 */
class PostgresCrashTest {
    static final String CA = CaApi.BASE;
    static final int SIGNERS = 4;
    static final int CREATORS = 2;
    /** Load until this much is acknowledged (a few seconds), then kill. */
    static final int SIGNED_BEFORE_KILL = 200;
    static final int CAS_BEFORE_KILL = 4;

    final ConcurrentLinkedQueue<String> signed = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> createdCas = new ConcurrentLinkedQueue<>();
    final AtomicBoolean killed = new AtomicBoolean();
    final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void aKilledServerLosesNoAcknowledgedWorkAndLeavesNoUnreferencedKey() throws Exception {
        String db = TestDatabases.freshPostgres();
        Path data = Files.createTempDirectory("lamassu-crash").resolve("data");
        Files.createDirectories(data);
        try (ServerProcess server = ServerProcess.start(data, db)) {
            TestHttp admin = TestHttp.plain(server.httpBase(), server.token("admin"));
            assertThat(admin.post(CA + "/profiles", CaApi.profileBody("device-profile", "1y")).status()).isEqualTo(201);
            created(admin.post(CA + "/cas", CaApi.caBody("crash-root", null, "Crash Root", "device-profile")));
            List<Thread> clients = startLoad(admin);
            awaitLoad(server);
            killed.set(true);
            server.kill();
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();
        checkStored(db);
        restartAndServe(data, db);
    }

    private List<Thread> startLoad(TestHttp admin) {
        List<String> csrs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            csrs.add(TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256),
                    DistinguishedName.ofCommonName("crash-device-" + i), List.of())));
        }
        List<Thread> threads = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < SIGNERS; i++) {
            threads.add(client("signer-" + i, () -> {
                TestHttp.Response r = admin.post(CA + "/cas/crash-root/sign", Map.of("csr",
                        csrs.get(n.getAndIncrement() % csrs.size()), "profile_id", "device-profile"));
                signed.add(created(r).get("serial_number").asText());
            }));
        }
        for (int i = 0; i < CREATORS; i++) {
            int creator = i;
            threads.add(client("creator-" + i, () -> {
                String id = "crash-ca-" + creator + "-" + n.getAndIncrement();
                Map<String, Object> body = CaApi.caBody(id, n.get() % 3 == 0 ? null : "crash-root", id,
                        "device-profile");
                if (n.get() % 2 == 0) {
                    body.put("key_metadata", Map.of("type", "RSA", "bits", 2048));
                }
                created(admin.post(CA + "/cas", body));
                createdCas.add(id);
            }));
        }
        threads.forEach(Thread::start);
        return threads;
    }

    /** Repeats {@code call} until the server is killed; a failure after the kill is expected. */
    private Thread client(String name, Runnable call) {
        return new Thread(() -> {
            while (!killed.get()) {
                try {
                    call.run();
                } catch (RuntimeException | AssertionError e) {
                    if (!killed.get()) {
                        unexpected.add(name + ": " + e);
                        return;
                    }
                }
            }
        }, name);
    }

    private JsonNode created(TestHttp.Response r) {
        if (r.status() != 201) {
            throw new AssertionError("HTTP " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    private void awaitLoad(ServerProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        CountDownLatch never = new CountDownLatch(1);
        while (signed.size() < SIGNED_BEFORE_KILL || createdCas.size() < CAS_BEFORE_KILL) {
            assertThat(unexpected).as("load failed; server log:\n" + server.logTail()).isEmpty();
            assertThat(System.nanoTime()).as("load too slow: %d signed, %d CAs", signed.size(), createdCas.size())
                    .isLessThan(deadline);
            never.await(20, TimeUnit.MILLISECONDS);
        }
    }

    private void checkStored(String db) throws SQLException {
        List<String> acknowledged = new ArrayList<>(signed);
        assertThat(new HashSet<>(acknowledged)).as("a serial was acknowledged twice").hasSameSizeAs(acknowledged);
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            Set<String> serials = strings(s, "SELECT serial_number FROM ca_certificates");
            assertThat(serials).containsAll(acknowledged);
            assertThat(strings(s, "SELECT serial_number FROM ca_certificates GROUP BY serial_number"
                    + " HAVING COUNT(*) > 1")).isEmpty();
            assertThat(strings(s, "SELECT id FROM ca_authorities")).contains("crash-root").containsAll(createdCas);
            // Every CA created here has SKI = key id (SHA-256 of its SPKI): a key no CA certificate names is an orphan.
            assertThat(strings(s, "SELECT k.key_id FROM kms_keys k WHERE NOT EXISTS (SELECT 1 FROM ca_authorities a"
                    + " JOIN ca_certificates c ON c.serial_number = a.serial_number WHERE c.subject_key_id = k.key_id)"))
                    .as("private keys no CA uses").isEmpty();
            assertThat(strings(s, "SELECT k.key_id FROM kms_keys k WHERE NOT EXISTS (SELECT 1 FROM kms_key_bindings b"
                    + " JOIN ca_authorities a ON a.id = b.resource_id WHERE b.key_id = k.key_id)"))
                    .as("keys without a binding to an existing CA").isEmpty();
            System.out.printf("crash test: %d certificates and %d CAs acknowledged before the kill; stored: %d"
                    + " certificates, %s keys%n", acknowledged.size(), createdCas.size(), serials.size(),
                    strings(s, "SELECT COUNT(*) FROM kms_keys"));
        }
    }

    private void restartAndServe(Path data, String db) {
        try (ServerProcess again = ServerProcess.start(data, db)) {
            TestHttp admin = TestHttp.plain(again.httpBase(), again.token("admin"));
            assertThat(admin.get("/health").status()).isEqualTo(200);
            String csr = TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256),
                    DistinguishedName.ofCommonName("after-restart"), List.of()));
            created(admin.post(CA + "/cas/crash-root/sign", Map.of("csr", csr, "profile_id", "device-profile")));
            String last = createdCas.isEmpty() ? "crash-root" : new ArrayList<>(createdCas).get(createdCas.size() - 1);
            created(admin.post(CA + "/cas/" + last + "/sign", Map.of("csr", csr, "profile_id", "device-profile")));
            created(admin.post(CA + "/cas", CaApi.caBody("after-restart", null, "After Restart", "device-profile")));
            assertThat(admin.get(CA + "/certificates/" + signed.peek()).status()).isEqualTo(200);
        }
    }

    private static Set<String> strings(Statement s, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
