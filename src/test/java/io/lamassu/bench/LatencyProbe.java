package io.lamassu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Diagnostic: sequential latency of GET vs POST sign with the JDK client and with curl. */
public final class LatencyProbe {
    public static void main(String[] args) throws Exception {
        List<String> csrs = BenchServer.csrs(200);
        try (BenchServer server = new BenchServer()) {
            String ca = server.createCa("probe", "ECDSA", 256);
            String url = server.base() + "/api/ca/v1/cas/" + ca + "/sign";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/ca/v1/profiles"))
                            .header("Authorization", "Bearer " + server.operatorToken).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    http.send(HttpRequest.newBuilder(URI.create(server.base() + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                long th = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    String body = "{\"csr\":\"" + csrs.get(i) + "\",\"profile_id\":\"bench\"}";
                    http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer "
                            + server.operatorToken).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                }
                long t2 = System.nanoTime();
                System.out.printf("GET profiles %.2f ms  GET health %.2f ms  POST sign %.2f ms%n", (t1 - t0) / 1e8,
                        (th - t1) / 1e8, (t2 - th) / 1e8);
            }
            String body = "{\"csr\":\"" + csrs.get(0) + "\",\"profile_id\":\"bench\"}";
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "for i in $(seq 1 50); do curl -s -o /dev/null -w '%{time_total}\\n' -H 'Authorization: Bearer " + server.operatorToken + "' -H 'Content-Type: application/json' -d '" + body + "' " + url + "; done | sort -n | awk '{a[NR]=$1} END {print \"curl POST median \" a[int(NR/2)] \" s\"}'");
            pb.inheritIO().start().waitFor();
        }
    }
}
