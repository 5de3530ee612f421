package io.lamassu.bench;

import io.lamassu.Application;
import io.lamassu.ca.TestKeys;
import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestHttp;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * OCSP benchmark fixture (bench/va-ocsp-bench.sh drives it with wrk): a server with production
 * wiring, a P-256 CA and N issued certificates (random 128-bit serials), request files for wrk
 * (GET paths, POST bodies without and with a nonce), the in-process build-and-sign rate for
 * nonce requests, then, once wrk is done ({@code <dir>/stop}), the delay between a revocation
 * committing and the responder answering revoked. Usage: VaOcspBench DIR [N]
 */
public final class VaOcspBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        try (BenchServer server = new BenchServer()) {
            Application app = server.app;
            String ca = server.createCa("bench-ocsp", "ECDSA", 256);
            long t0 = System.nanoTime();
            List<String> serials = issue(app, ca, n);
            System.out.printf("issued %d certificates in %.1f s%n", serials.size(), (System.nanoTime() - t0) / 1e9);
            X509CertificateHolder caCert = Certificates.parse(app.caService().get(ca).certificate().certificate(), "X");
            writeRequests(dir, caCert, serials);
            System.out.printf("in-process build-and-sign (nonce requests, 2 threads, 10 s): %.0f responses/s%n",
                    inProcessSignRate(app, caCert, serials));
            Files.writeString(dir.resolve("port"), Integer.toString(app.httpPort()));
            Files.writeString(dir.resolve("ready"), "");
            while (!Files.exists(dir.resolve("stop"))) {
                Thread.sleep(200); // The wrk runs happen outside this JVM; the script says when they are done.
            }
            revocationDelay(server, caCert, serials);
        }
    }

    static List<String> issue(Application app, String ca, int n) throws Exception {
        PKCS10CertificationRequest csr = TestKeys.csr(TestKeys.generate("ECDSA", 256),
                DistinguishedName.ofCommonName("bench-device"), List.of());
        ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
        AtomicInteger left = new AtomicInteger(n);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                RequestContext.set(Actor.SYSTEM, "bench");
                // One CSR verified once by the caller; every certificate still gets its own random serial and signature.
                while (left.getAndDecrement() > 0) {
                    out.add(app.certificateService().sign(ca, csr, "bench", null).serialNumber());
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
        return new ArrayList<>(out);
    }

    static CertificateID id(X509CertificateHolder ca, String serial) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1), ca,
                new BigInteger(serial, 16));
    }

    static byte[] request(X509CertificateHolder ca, String serial, boolean nonce) throws Exception {
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id(ca, serial));
        if (nonce) {
            byte[] value = new byte[16];
            new SecureRandom().nextBytes(value);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(value)))));
        }
        return b.build().getEncoded();
    }

    static void writeRequests(Path dir, X509CertificateHolder ca, List<String> serials) throws Exception {
        StringBuilder get = new StringBuilder();
        StringBuilder post = new StringBuilder();
        StringBuilder nonce = new StringBuilder();
        for (String s : serials) {
            byte[] plain = request(ca, s, false);
            get.append("/ocsp/").append(URLEncoder.encode(Base64.getEncoder().encodeToString(plain),
                    StandardCharsets.UTF_8)).append('\n');
            post.append(HexFormat.of().formatHex(plain)).append('\n');
            nonce.append(HexFormat.of().formatHex(request(ca, s, true))).append('\n');
        }
        Files.writeString(dir.resolve("get-paths.txt"), get);
        Files.writeString(dir.resolve("post-hex.txt"), post);
        Files.writeString(dir.resolve("nonce-hex.txt"), nonce);
    }

    static double inProcessSignRate(Application app, X509CertificateHolder ca, List<String> serials) throws Exception {
        List<byte[]> reqs = new ArrayList<>();
        for (int i = 0; i < Math.min(2000, serials.size()); i++) {
            reqs.add(request(ca, serials.get(i), true));
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + 10_000_000_000L;
        Thread[] ts = new Thread[2];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    app.va().ocsp().answer(reqs.get(i++ % reqs.size()));
                    done.incrementAndGet();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return done.get() / 10.0;
    }

    /** Revoke over the API; the clock starts when the 200 arrives (committed); then OCSP POSTs until revoked. */
    static void revocationDelay(BenchServer server, X509CertificateHolder ca, List<String> serials) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + server.app.httpPort() + "/ocsp";
        long[] micros = new long[Math.min(200, serials.size())];
        int[] tries = new int[micros.length];
        for (int i = 0; i < micros.length; i++) {
            String serial = serials.get(serials.size() - 1 - i);
            byte[] req = request(ca, serial, false);
            post(http, url, req); // Warm the pre-signed cache with "good" first.
            TestHttp.Response r = server.admin.put("/api/ca/v1/certificates/" + serial + "/status",
                    Map.of("status", "REVOKED", "revocation_reason", "KeyCompromise"));
            long start = System.nanoTime();
            if (r.status() != 200) {
                throw new IllegalStateException(r.body());
            }
            do {
                tries[i]++;
            } while (!(post(http, url, req).getResponses()[0].getCertStatus() instanceof RevokedStatus));
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("revocation committed -> OCSP revoked: %d revocations, p50 %d us, max %d us,"
                        + " OCSP requests needed: max %d%n", micros.length, micros[micros.length / 2],
                micros[micros.length - 1], Arrays.stream(tries).max().orElse(0));
    }

    static BasicOCSPResp post(HttpClient http, String url, byte[] req) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(req))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        return (BasicOCSPResp) new OCSPResp(r.body()).getResponseObject();
    }
}
