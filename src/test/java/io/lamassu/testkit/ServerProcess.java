package io.lamassu.testkit;

import io.lamassu.config.LamassuConfig;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lamassu serve} in a child JVM on this test's classpath, for tests that must kill a real
 * server process: random ports, the API allowed on the plain listener, output kept in a log file
 * next to the data directory. {@link #kill()} is SIGKILL on Linux (no shutdown hook runs).
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP \\(OCSP, CRL, health\\):\\s+http://localhost:(\\d+)");
    private final Process process;
    private final Path log;
    private final String httpBase;
    private final Path dataDir;

    private ServerProcess(Process process, Path log, String httpBase, Path dataDir) {
        this.process = process;
        this.log = log;
        this.httpBase = httpBase;
        this.dataDir = dataDir;
    }

    /** Starts a server on {@code dataDir} and PostgreSQL {@code dbUrl}, and waits until it is ready. */
    public static ServerProcess start(Path dataDir, String dbUrl) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: a short-lived server starts and warms up faster on a busy machine.
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.lamassu.Main", "serve",
                "--data-dir", dataDir.toString(), "--http-port", "0", "--https-port", "0"));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LAMASSU_"));
        env.put("LAMASSU_DB_URL", dbUrl);
        env.put("LAMASSU_ALLOW_API_OVER_HTTP", "true");
        pb.redirectErrorStream(true);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        try {
            Process p = pb.start();
            CompletableFuture<Integer> port = drain(p, log);
            try {
                return new ServerProcess(p, log, "http://127.0.0.1:" + port.get(120, TimeUnit.SECONDS), dataDir);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not start; log: " + tail(log), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the child's output to {@code log}; completes with the HTTP port once the banner shows it. */
    private static CompletableFuture<Integer> drain(Process p, Path log) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line + "\n");
                    Matcher m = HTTP_LINE.matcher(line);
                    if (m.find()) {
                        out.flush();
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the server's output ended before it was ready"));
        }, "server-output");
        t.setDaemon(true);
        t.start();
        return port;
    }

    public String httpBase() {
        return httpBase;
    }

    /** A token from the server's embedded issuer (its key lives in the data directory). */
    public String token(String role) {
        LamassuConfig.Auth auth = LamassuConfig.defaults(dataDir).auth();
        return EmbeddedTokenIssuer.loadOrCreate(dataDir, auth.issuer(), auth.audience(), Clock.systemUTC())
                .mint("crash-test", List.of(role), Duration.ofHours(1));
    }

    /** SIGKILL: the process dies at once, in the middle of whatever it was doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A graceful stop (SIGTERM, shutdown hook), forced after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
