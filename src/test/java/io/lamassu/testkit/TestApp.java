package io.lamassu.testkit;

import io.lamassu.Application;
import io.lamassu.config.LamassuConfig;
import io.lamassu.http.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A real server for HTTP tests: temporary data directory, random ports, an injected clock, and
 * tokens from the embedded issuer. Use {@link #sqlite()} or {@link #postgres()}; call the API over
 * real TLS with {@code TestHttp.tls(app, token)} (trusts this server's bootstrap CA). The test
 * configuration also allows the API on the plain listener so {@link #httpBase()} keeps working.
 */
public final class TestApp implements AutoCloseable {
    private final Application app;
    private final MutableClock clock;
    private final Path dataDir;

    private TestApp(LamassuConfig config, MutableClock clock, List<Routes.Module> extraModules) {
        this.clock = clock;
        this.dataDir = config.dataDir();
        this.app = Application.start(config, clock, extraModules);
    }

    public static TestApp sqlite() {
        return new TestApp(config(""), MutableClock.atNow(), List.of());
    }

    public static TestApp postgres() {
        return new TestApp(config(TestDatabases.freshPostgres()), MutableClock.atNow(), List.of());
    }

    /** A server on {@code config} with extra route modules (for example test-only probe routes). */
    public static TestApp start(LamassuConfig config, Routes.Module... extraModules) {
        return new TestApp(config, MutableClock.atNow(), List.of(extraModules));
    }

    /** A server on {@code config} with a clock the test controls (for example a restart later in time). */
    public static TestApp start(LamassuConfig config, MutableClock clock) {
        return new TestApp(config, clock, List.of());
    }

    public static LamassuConfig config(String dbUrl) {
        try {
            Path dir = Files.createTempDirectory("lamassu-test");
            LamassuConfig d = LamassuConfig.defaults(dir);
            LamassuConfig.Server s = d.server();
            return new LamassuConfig(dir,
                    new LamassuConfig.Server("127.0.0.1", 0, 0, s.tlsHostnames(), List.of("https://console.example"),
                            64 * 1024, s.trustedProxies(), true),
                    new LamassuConfig.Storage(dbUrl, "", "", 4), d.auth(), d.pki(),
                    new LamassuConfig.Jobs(3_600_000, 3_600_000, 3_600_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Application app() {
        return app;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String token(String role) {
        return app.tokenIssuer().mint("test-" + role, List.of(role), Duration.ofHours(1));
    }

    public String httpBase() {
        return "http://127.0.0.1:" + app.httpPort();
    }

    public String httpsBase() {
        return "https://127.0.0.1:" + app.httpsPort();
    }

    /** The bootstrap CA that issued the HTTPS listener's certificate ({@code <data-dir>/tls/bootstrap-ca.pem}). */
    public X509Certificate bootstrapCa() {
        return app.bootstrapCa();
    }

    /** A TLS context that trusts only this server's bootstrap CA and presents no client certificate. */
    public SSLContext sslContext() {
        return TestTls.trusting(bootstrapCa());
    }

    @Override
    public void close() {
        app.close();
    }
}
