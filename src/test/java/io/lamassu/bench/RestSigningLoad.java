package io.lamassu.bench;

import io.lamassu.ca.CaApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * REST signing load: N concurrent clients (default 2 and 16), each posting the seed's
 * {@code POST /api/ca/v1/cas/{id}/sign} with a base64-DER CSR in a loop over keep-alive HTTP/1.1 over TLS (one handshake per client).
 * Reports throughput and p50/p99 latency. Starts its own server (production wiring, SQLite
 * unless {@code -Dbench.db}) in this JVM, so client and server share the machine's cores.
 */
public final class RestSigningLoad {
    static javax.net.ssl.SSLContext SSL;

    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("bench.seconds", 10);
        int[] clients = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {2, 16};
        List<String> csrs = BenchServer.csrs(2000);
        try (BenchServer server = new BenchServer()) {
            SSL = server.ssl();
            String ca = server.createCa("bench-p256", "ECDSA", 256);
            String url = server.base() + CaApi.BASE + "/cas/" + ca + "/sign";
            for (int n : clients) {
                run(n, 3, csrs, url, server.operatorToken);
                Result r = run(n, seconds, csrs, url, server.operatorToken);
                System.out.printf("clients %2d  %8.0f certs/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", n,
                        r.throughput(), r.p50(), r.p99(), r.errors());
            }
        }
    }

    record Result(double throughput, double p50, double p99, long errors) {
    }

    static Result run(int clients, long seconds, List<String> csrs, String url, String token)
            throws InterruptedException {
        return run(clients, seconds, csrs, List.of(url), token);
    }

    /** Client {@code i} posts to {@code urls[i % urls.size()]} (several instances behind no balancer). */
    static Result run(int clients, long seconds, List<String> csrs, List<String> urls, String token)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        long[] errors = new long[clients];
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        // One client object for all simulated clients: it keeps a keep-alive connection per
        // concurrent request and a single selector thread, instead of one per client.
        HttpClient http = HttpClient.newBuilder().sslContext(SSL).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int id = c;
            String url = urls.get(c % urls.size());
            threads.add(new Thread(() -> {
                int i = id * 131;
                while (!stop.get() && counts[id] < mine.length) {
                    String body = "{\"csr\":\"" + csrs.get(i++ % csrs.size()) + "\",\"profile_id\":\"bench\"}";
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            errors[id]++;
                        }
                    } catch (Exception e) {
                        errors[id]++;
                    }
                    mine[counts[id]++] = System.nanoTime() - t0;
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[(int) (total * 0.50)] / 1e6, all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
                Arrays.stream(errors).sum());
    }
}
