package io.lamassu.bench;

import io.lamassu.ca.SignRequest;
import java.util.List;

/** Profiling aid: service-mode issuance on one thread, printing the rate each second. */
public final class ServiceOnlyProfile {
    /** A crude sampler: where the issuing thread spends its time (leaf frame and first lamassu frame). */
    static void sample(Thread target) {
        java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 1500; i++) {
                StackTraceElement[] st = target.getStackTrace();
                String key = st.length == 0 ? "?" : st[0].getMethodName() + " <- " + java.util.Arrays.stream(st)
                        .filter(e -> e.getClassName().startsWith("io.lamassu")).limit(Integer.getInteger("bench.depth", 3))
                        .map(e -> e.getClassName().substring(11) + "." + e.getMethodName() + ":" + e.getLineNumber())
                        .reduce((a, b) -> a + " <- " + b).orElse("");
                counts.merge(key, 1, Integer::sum);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(15)
                    .forEach(e -> System.out.println(e.getValue() + " " + e.getKey()));
        });
        t.setDaemon(true);
        t.start();
    }

    public static void main(String[] args) throws Exception {
        List<String> csrs = BenchServer.csrs(500);
        try (BenchServer server = new BenchServer()) {
            String ca = server.createCa("p", "ECDSA", 256);
            if (Boolean.getBoolean("bench.sample")) {
                sample(Thread.currentThread());
            }
            int i = 0;
            for (int s = 0; s < Integer.getInteger("bench.seconds", 20); s++) {
                long end = System.nanoTime() + 1_000_000_000L;
                int n = 0;
                while (System.nanoTime() < end) {
                    server.app.certificateService().sign(ca, new SignRequest(csrs.get(i++ % csrs.size()), "bench", null));
                    n++;
                }
                System.out.println("second " + s + ": " + n + " certs");
            }
        }
    }
}
