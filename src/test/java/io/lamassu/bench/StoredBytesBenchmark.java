package io.lamassu.bench;

import io.lamassu.ca.SignRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stored bytes per certificate on the embedded default (issue 8 goal: at most 1.5 KB): signs
 * {@code -Dbench.certs} (default 20,000) P-256 device certificates through {@code CertificateService.sign}
 * — certificate row, audit row, outbox event (relayed and deleted) — into a fresh SQLite file, closes
 * the server (checkpointing the WAL) and divides the database file's size by the certificates stored.
 * Load-independent: it measures bytes, not time. See BENCHMARKS.md.
 */
public final class StoredBytesBenchmark {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.certs", 20_000);
        Path dir = Files.createTempDirectory("lamassu-bytes");
        List<String> csrs = BenchServer.csrs(500);
        long certs;
        try (BenchServer server = new BenchServer(BenchServer.config(dir), true)) {
            String ca = server.createCa("bytes-ca", "ECDSA", 256);
            long before = server.app.jdbc().count("SELECT COUNT(*) FROM ca_certificates");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String csr = csrs.get(i % csrs.size());
                done.add(pool.submit(() -> server.app.certificateService().sign(ca, new SignRequest(csr, "bench", null))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            // The relay delivers and deletes outbox rows after commit; wait for it (a benchmark, not a test).
            for (int i = 0; i < 600 && server.app.jdbc().count("SELECT COUNT(*) FROM event_outbox") > 0; i++) {
                Thread.sleep(100);
            }
            certs = server.app.jdbc().count("SELECT COUNT(*) FROM ca_certificates") - before;
            System.out.printf("audit rows %d, outbox rows left %d%n", server.app.jdbc().count("SELECT COUNT(*) FROM audit_log"),
                    server.app.jdbc().count("SELECT COUNT(*) FROM event_outbox"));
        }
        Path db = dir.resolve("lamassu.db");
        long size = Files.size(db);
        long wal = Files.exists(dir.resolve("lamassu.db-wal")) ? Files.size(dir.resolve("lamassu.db-wal")) : 0;
        System.out.printf("certificates signed %d; database %d bytes (+ WAL %d); %.0f bytes per certificate%n",
                certs, size, wal, (double) size / certs);
        System.out.println("database file kept for inspection: " + db);
    }
}
