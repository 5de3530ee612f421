package io.lamassu.va;

import io.lamassu.ca.CaApi;
import io.lamassu.storage.Jdbc;
import io.lamassu.testkit.TestApp;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * CRL build benchmark (bench/va-crl-bench.sh): a server on SQLite with a P-256 CA, N revoked
 * certificate rows of that CA bulk-inserted (random 128-bit serials, reasons cycling; the DER
 * column holds a placeholder since CRLs never read it), then one base CRL issued through the
 * production path (stream the rows, encode, sign, store). Prints the time and the peak heap.
 * Usage: VaCrlBench N   (run with -Xmx1g to show it fits in a 1 GiB heap)
 */
public final class VaCrlBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        // The phase times (read and encode, sign, store) are logged by CrlService at INFO.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CrlService.class))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        try (TestApp app = TestApp.sqlite()) {
            CaApi api = new CaApi(app);
            api.createProfile("bench", "1y");
            api.createCa("bench-crl", null, "bench");
            String ski = api.ca("bench-crl").get("certificate").get("subject_key_id").asText();
            long t0 = System.nanoTime();
            insertRevoked(app.app().jdbc(), "bench-crl", n);
            System.out.printf("inserted %d revoked rows in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            app.app().jdbc().update("UPDATE va_roles SET crl_due_at = 0 WHERE ca_ski = ?", ski);
            CrlService crls = app.app().va().crls();
            for (int round = 1; round <= 2; round++) {
                System.gc();
                long before = heapUsed();
                resetPeaks();
                long start = System.nanoTime();
                crls.issueDue(ski);
                double seconds = (System.nanoTime() - start) / 1e9;
                StoredCrl crl = crls.latest(ski, false);
                System.out.printf("round %d: CRL %d with %d entries, %d bytes: %.2f s; heap before %d MiB,"
                                + " peak %d MiB (max heap %d MiB; load %s)%n", round, crl.number(), n, crl.der().length,
                        seconds, before >> 20, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                        loadAverage());
                app.app().jdbc().update("UPDATE va_roles SET crl_due_at = 0 WHERE ca_ski = ?", ski);
            }
        }
    }

    static void insertRevoked(Jdbc jdbc, String caId, int n) {
        SecureRandom random = new SecureRandom();
        String[] reasons = {"KeyCompromise", "Superseded", "CessationOfOperation", "Unspecified", "CertificateHold"};
        long now = System.currentTimeMillis();
        int batch = 20_000;
        for (int done = 0; done < n; done += batch) {
            int from = done;
            jdbc.tx().run(() -> {
                for (int i = from; i < Math.min(n, from + batch); i++) {
                    String serial = new BigInteger(128, random).setBit(127).toString(16);
                    jdbc.update("INSERT INTO ca_certificates (serial_number, subject_common_name, subject_key_id,"
                                    + " issuer_meta_id, issuer_meta_sn, issuer_meta_level, status, type, engine_id,"
                                    + " valid_from, valid_to, revocation_timestamp, revocation_reason, metadata,"
                                    + " key_usage, extended_key_usage, is_ca, der) VALUES (?, ?, ?, ?, '', 0,"
                                    + " 'REVOKED', 'IMPORTED_WITHOUT_KEY', '', ?, ?, ?, ?, '{}', '[]', '[]', 'false', ?)",
                            serial, "device-" + i, serial, caId, now, now + 86_400_000L, now - i,
                            reasons[i % reasons.length], new byte[] {0});
                }
            });
        }
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound of the peak heap in use). */
    static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    static String loadAverage() {
        return String.format(java.util.Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
