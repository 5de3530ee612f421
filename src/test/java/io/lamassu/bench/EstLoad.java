package io.lamassu.bench;

import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.Pem;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cms.CMSSignedData;

/**
 * EST load (BENCHMARKS.md "EST enrollment"): against one server, in one run, with P-256 device
 * keys and N concurrent clients (default 16):
 * <ol>
 *   <li>bare mutual-TLS handshakes: a new connection with a client certificate, then
 *       {@code GET /health/live} (a trivial handler) and close — the ceiling for (a);</li>
 *   <li>(a) enrollments, each on a new mutual-TLS connection (bootstrap certificate, CLIENT_CERTIFICATE
 *       DMS: the chain is validated and its revocation status looked up on every request);</li>
 *   <li>(b) enrollments over keep-alive connections (one handshake per client);</li>
 *   <li>re-enrollments: each on a new connection, since the TLS client certificate must be the
 *       device's current identity, which every re-enrollment replaces;</li>
 *   <li>REST signing ({@code POST /api/ca/v1/cas/{id}/sign}, keep-alive), the reference of goal (b).</li>
 * </ol>
 * TLS sessions are invalidated after each connection, so every handshake is a full one (as for
 * distinct devices). Client and server share the machine; device keys (1,000 P-256 pairs) are made
 * before the run, each request's CSR (a new CN, one ECDSA signature) inside the measured loop.
 */
public final class EstLoad {
    static final String DMS = "bench-dms";
    static volatile SSLContext bootstrapTls;
    static int port;
    static final AtomicLong SEQ = new AtomicLong();

    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("bench.seconds", 10);
        long warmup = Long.getLong("bench.warmup", 3);
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        for (int i = 0; i < 1000; i++) {
            KEYS.add(TestKeys.generate("ECDSA", 256));
        }
        try (BenchServer server = new BenchServer()) {
            port = server.app.httpsPort();
            setUp(server);
            System.out.printf(Locale.ROOT, "EST load: %d clients, %d s per phase (after %d s warm-up), P-256 device"
                    + " keys, %s%n", clients, seconds, warmup, System.getProperty("bench.db", "").isEmpty() ? "SQLite"
                    : "PostgreSQL");
            Phase handshake = new Phase("bare mTLS handshake + GET /health/live", c -> handshake());
            Phase fresh = new Phase("(a) simpleenroll, new mTLS connection each", c -> enrollFresh());
            Phase keepAlive = new Phase("(b) simpleenroll, keep-alive mTLS", EstLoad::enrollKeepAlive);
            Phase reenroll = new Phase("simplereenroll, new mTLS connection each", EstLoad::reenroll);
            List<Phase.Result> results = new ArrayList<>();
            for (Phase p : List.of(handshake, fresh, keepAlive, reenroll)) {
                p.run(clients, warmup);
                Phase.Result r = p.run(clients, seconds);
                results.add(r);
                System.out.println(r);
            }
            RestSigningLoad.SSL = server.ssl();
            String url = server.base() + CaApi.BASE + "/cas/bench-est-ca/sign";
            List<String> csrs = BenchServer.csrs(2000);
            RestSigningLoad.run(clients, warmup, csrs, url, server.operatorToken);
            RestSigningLoad.Result rest = RestSigningLoad.run(clients, seconds, csrs, url, server.operatorToken);
            System.out.printf(Locale.ROOT, "%-46s %8.0f /s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                    "REST sign (keep-alive)", rest.throughput(), rest.p50(), rest.p99(), rest.errors());
            System.out.printf(Locale.ROOT, "(a) / bare handshakes: %.0f %% (goal >= 60 %%);  (b) / REST signing:"
                    + " %.0f %% (goal >= 50 %%)%n", 100 * results.get(1).rate() / results.get(0).rate(),
                    100 * results.get(2).rate() / rest.throughput());
        }
    }

    /** A profile-backed P-256 enrollment CA, a bootstrap CA and certificate, and the DMS. */
    static void setUp(BenchServer server) throws Exception {
        server.createCa("bench-est-ca", "ECDSA", 256);
        server.createCa("bench-bootstrap", "ECDSA", 256);
        KeyPair kp = TestKeys.generate("ECDSA", 256);
        String csr = TestKeys.base64Der(TestKeys.csr(kp, DistinguishedName.ofCommonName("bench-bootstrap-1"),
                List.of()));
        var signed = server.admin.post(CaApi.BASE + "/cas/bench-bootstrap/sign", Map.of("csr", csr, "profile_id",
                "bench"));
        BenchServer.check(signed);
        X509Certificate cert = x509(Base64.getDecoder().decode(signed.json().get("certificate").asText()));
        bootstrapTls = tls(server.test.bootstrapCa(), kp.getPrivate(), cert);
        Map<String, Object> est = Map.of("auth_mode", "CLIENT_CERTIFICATE", "client_certificate_settings",
                Map.of("validation_cas", List.of("bench-bootstrap")));
        BenchServer.check(server.admin.post("/api/dmsmanager/v1/dms", Map.of("id", DMS, "name", DMS, "settings",
                Map.of("enrollment_settings", Map.of("enrollment_ca", "bench-est-ca", "est_rfc7030_settings", est),
                        "reenrollment_settings", Map.of("reenrollment_delta", "400d", "revoke_on_reenrollment", true)))));
        caTrust = server.test.bootstrapCa();
    }

    static X509Certificate caTrust;

    // ---- the operations ----

    interface Op {
        /** One measured operation; returns false on a failure (counted, not thrown). */
        boolean run(Client c) throws Exception;
    }

    /** Per-thread state: its keep-alive connection, its device identity for re-enrollment. */
    static final class Client {
        Conn conn;
        SSLContext identity;
        String cn;
    }

    static boolean handshake() throws IOException {
        try (Conn c = Conn.open(bootstrapTls)) {
            return c.exchange("GET", "/health/live", null, true).status == 200;
        }
    }

    static boolean enrollFresh() throws Exception {
        try (Conn c = Conn.open(bootstrapTls)) {
            return c.exchange("POST", "/.well-known/est/" + DMS + "/simpleenroll", csr(newCn()), true).status == 200;
        }
    }

    static boolean enrollKeepAlive(Client client) throws Exception {
        if (client.conn == null) {
            client.conn = Conn.open(bootstrapTls);
        }
        Response r = client.conn.exchange("POST", "/.well-known/est/" + DMS + "/simpleenroll", csr(newCn()), false);
        if (r.close) {
            client.conn.close();
            client.conn = null;
        }
        return r.status == 200;
    }

    /** First call enrolls the thread's device; every call then renews with the current identity. */
    static boolean reenroll(Client client) throws Exception {
        String op = client.identity == null ? "simpleenroll" : "simplereenroll";
        SSLContext tls = client.identity == null ? bootstrapTls : client.identity;
        if (client.cn == null) {
            client.cn = newCn();
        }
        KeyPair kp = key();
        byte[] body = Base64.getMimeEncoder().encode(TestKeys.csr(kp, DistinguishedName.ofCommonName(client.cn),
                List.of()).getEncoded());
        try (Conn c = Conn.open(tls)) {
            Response r = c.exchange("POST", "/.well-known/est/" + DMS + "/" + op, body, true);
            if (r.status != 200) {
                return false;
            }
            CMSSignedData sd = new CMSSignedData(Base64.getMimeDecoder().decode(r.body));
            X509Certificate cert = x509(sd.getCertificates().getMatches(null).iterator().next().getEncoded());
            client.identity = tls(caTrust, kp.getPrivate(), cert);
            return true;
        }
    }

    static String newCn() {
        return "bench-dev-" + SEQ.incrementAndGet();
    }

    /** Device keys made before the run: a device brings its key, so key generation is not the server's cost. */
    static final List<KeyPair> KEYS = new ArrayList<>();

    static KeyPair key() {
        return KEYS.get((int) (SEQ.incrementAndGet() % KEYS.size()));
    }

    static byte[] csr(String cn) throws IOException {
        KeyPair kp = key();
        return Base64.getMimeEncoder().encode(TestKeys.csr(kp, DistinguishedName.ofCommonName(cn), List.of())
                .getEncoded());
    }

    // ---- the phases ----

    record Phase(String name, Op op) {
        record Result(String name, double rate, double p50, double p99, long errors) {
            @Override
            public String toString() {
                return String.format(Locale.ROOT, "%-46s %8.0f /s  p50 %7.2f ms  p99 %7.2f ms  errors %d", name, rate,
                        p50, p99, errors);
            }
        }

        Result run(int clients, long seconds) throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            long[][] lat = new long[clients][1_000_000];
            int[] counts = new int[clients];
            long[] errors = new long[clients];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    Client c = new Client();
                    while (!stop.get() && counts[id] < lat[id].length) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = op.run(c);
                        } catch (Exception e) {
                            ok = false;
                            if (c.conn != null) {
                                c.conn.close();
                                c.conn = null;
                            }
                        }
                        lat[id][counts[id]++] = System.nanoTime() - t0;
                        if (!ok) {
                            errors[id]++;
                        }
                    }
                    if (c.conn != null) {
                        c.conn.close();
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
            for (int t = 0; t < clients; t++) {
                System.arraycopy(lat[t], 0, all, k, counts[t]);
                k += counts[t];
            }
            Arrays.sort(all);
            long errs = Arrays.stream(errors).sum();
            return new Result(name, (total - errs) / elapsed, total == 0 ? 0 : all[(int) (total * 0.50)] / 1e6,
                    total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6, errs);
        }
    }

    // ---- a minimal HTTP/1.1 client over one TLS socket (full control of connection reuse) ----

    record Response(int status, byte[] body, boolean close) {
    }

    static final class Conn implements AutoCloseable {
        final SSLSocket socket;
        final InputStream in;
        final OutputStream out;

        private Conn(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static Conn open(SSLContext tls) throws IOException {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            s.startHandshake();
            return new Conn(s);
        }

        Response exchange(String method, String path, byte[] body, boolean close) throws IOException {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\n");
            if (body != null) {
                head.append("Content-Type: application/pkcs10\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            if (close) {
                head.append("Connection: close\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = 0;
            boolean closing = close;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            return new Response(code, in.readNBytes(length), closing);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        /** Invalidating the session keeps the next connection from resuming it: every handshake is full. */
        @Override
        public void close() {
            try {
                socket.getSession().invalidate();
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /**
     * A client TLS context presenting {@code cert}. The key manager hands out the key directly: a
     * PKCS#12 key store would run PBKDF2 for every re-enrolled identity, client CPU the server shares.
     */
    static SSLContext tls(X509Certificate trust, PrivateKey key, X509Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", trust);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        javax.net.ssl.X509ExtendedKeyManager km = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"c"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket s) {
                return "c";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket s) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {cert};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {km}, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    static X509Certificate x509(byte[] derOrPem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(derOrPem));
    }

    static String pem(X509Certificate c) throws Exception {
        return Pem.encode("CERTIFICATE", c.getEncoded());
    }
}
