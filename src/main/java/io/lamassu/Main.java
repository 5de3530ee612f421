package io.lamassu;

import io.javalin.util.JavalinBindException;
import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import io.lamassu.config.ConfigException;
import io.lamassu.config.ConfigLoader;
import io.lamassu.config.LamassuConfig;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code lamassu} command line: {@code serve}, {@code token}, {@code config}. */
@Command(name = "lamassu", mixinStandardHelpOptions = true, version = "lamassu 0.1.0",
        description = "IoT PKI and device identity platform.",
        subcommands = {Main.Serve.class, Main.Token.class, Main.PrintConfig.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests, which must not call System.exit). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof LamassuException) {
                cmd.getErr().println("lamassu: " + e.getMessage());
                return 2;
            }
            if (e instanceof JavalinBindException) {
                cmd.getErr().println("lamassu: cannot listen: " + e.getMessage()
                        + " (choose other ports with --http-port/--https-port)");
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options shared by every subcommand that reads the configuration. */
    static class ConfigOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
        Path configFile;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default ./data)")
        Path dataDir;

        /** Command-line options win over the environment, which wins over the file. */
        LamassuConfig load(Map<String, String> overrides) {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (dataDir != null) {
                env.put("LAMASSU_DATA_DIR", dataDir.toString());
            }
            env.putAll(overrides);
            return ConfigLoader.load(configFile, env);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server (all services).")
    static final class Serve implements Runnable {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--http-port", paramLabel = "N", description = "plain HTTP port (default 8080)")
        Integer httpPort;

        @Option(names = "--https-port", paramLabel = "N", description = "HTTPS port (default 8443)")
        Integer httpsPort;

        /** Used by the launcher's class-data-sharing training run: start fully, then stop. */
        @Option(names = "--exit-when-ready", hidden = true)
        boolean exitWhenReady;

        @Override
        public void run() {
            long t0 = System.nanoTime();
            Map<String, String> overrides = new HashMap<>();
            if (httpPort != null) {
                overrides.put("LAMASSU_HTTP_PORT", httpPort.toString());
            }
            if (httpsPort != null) {
                overrides.put("LAMASSU_HTTPS_PORT", httpsPort.toString());
            }
            LamassuConfig config = options.load(overrides);
            LogFormat.apply(config.logging().format());
            Application app = Application.start(config, Clock.systemUTC());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (config.logging().isJson()) {
                // Standard output stays pure JSON lines; the human banner goes to standard error.
                org.slf4j.LoggerFactory.getLogger(Main.class).info("lamassu ready in {} ms: https port {}, http port {}",
                        ms, app.httpsPort(), app.httpPort());
                System.err.println(banner(app, ms));
            } else {
                System.out.println(banner(app, ms));
            }
            if (exitWhenReady) {
                app.close();
                return;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "lamassu-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String banner(Application app, long ms) {
            LamassuConfig c = app.config();
            Path data = c.dataDir().toAbsolutePath().normalize();
            String dataArg = c.dataDir().equals(Path.of("data")) ? "" : " --data-dir " + c.dataDir();
            return String.join(System.lineSeparator(),
                    "lamassu ready in " + ms + " ms",
                    "  HTTPS (API, EST):          https://localhost:" + app.httpsPort(),
                    "  HTTP (OCSP, CRL, health):  http://localhost:" + app.httpPort(),
                    "  data directory:            " + data,
                    "  database:                  " + (c.storage().isPostgres() ? "PostgreSQL" : data.resolve("lamassu.db")),
                    "  TLS trust anchor:          " + app.bootstrapCaCertificate().toAbsolutePath().normalize(),
                    "  get a token:               ./lamassu token --role admin" + dataArg,
                    "  try:  curl --cacert " + app.bootstrapCaCertificate() + " -H \"Authorization: Bearer $TOKEN\" "
                            + "https://localhost:" + app.httpsPort() + "/api/ca/v1/cas");
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a bearer token signed by the embedded issuer of this data directory.")
    static final class Token implements Runnable {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, operator or viewer")
        String role;

        @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION", description = "lifetime, e.g. 1h, 30m, 7d")
        String ttl;

        @Option(names = "--subject", defaultValue = "cli", description = "the token's sub claim")
        String subject;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (!List.of("admin", "operator", "viewer").contains(role)) {
                throw new ConfigException("--role", "must be admin, operator or viewer (got " + role + ")");
            }
            Duration lifetime = Durations.parse(ttl);
            LamassuConfig config = options.load(Map.of());
            EmbeddedTokenIssuer issuer = EmbeddedTokenIssuer.loadOrCreate(config.dataDir(), config.auth().issuer(),
                    config.auth().audience(), Clock.systemUTC());
            spec.commandLine().getOut().println(issuer.mint(subject, List.of(role), lifetime));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Print the effective configuration (secrets masked).")
    static final class PrintConfig implements Runnable {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(ConfigLoader.describe(options.load(Map.of())));
            spec.commandLine().getOut().flush();
        }
    }
}
