package io.lamassu.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration tree, loaded once at start-up by {@link ConfigLoader} (YAML file plus
 * {@code LAMASSU_*} environment overrides) and validated there. YAML keys are the snake_case form
 * of the component names ({@code server.http_port}).
 */
public record LamassuConfig(
        Path dataDir,
        Server server,
        Storage storage,
        Auth auth,
        Pki pki,
        Jobs jobs,
        Alerts alerts,
        Events events,
        Crypto crypto,
        Logging logging) {

    public LamassuConfig {
        logging = logging == null ? Logging.defaults() : logging;
    }

    /** The shape before the crypto section (provider {@code auto}). */
    public LamassuConfig(Path dataDir, Server server, Storage storage, Auth auth, Pki pki, Jobs jobs, Alerts alerts,
                         Events events) {
        this(dataDir, server, storage, auth, pki, jobs, alerts, events, Crypto.defaults(), Logging.defaults());
    }

    /** The shape before the logging section (text logs). */
    public LamassuConfig(Path dataDir, Server server, Storage storage, Auth auth, Pki pki, Jobs jobs, Alerts alerts,
                         Events events, Crypto crypto) {
        this(dataDir, server, storage, auth, pki, jobs, alerts, events, crypto, Logging.defaults());
    }

    /**
     * {@code provider}: {@code auto} (native when it loads, else Bouncy Castle), {@code native}
     * (refuse to start without it) or {@code bouncycastle} (ADR 0210). Env {@code LAMASSU_CRYPTO_PROVIDER}.
     */
    public record Crypto(String provider) {
        public static Crypto defaults() {
            return new Crypto("auto");
        }
    }

    public LamassuConfig withCrypto(Crypto c) {
        return new LamassuConfig(dataDir, server, storage, auth, pki, jobs, alerts, events, c, logging);
    }

    /** The original shape, with the alerts and events defaults (tests and tools that predate those sections). */
    public LamassuConfig(Path dataDir, Server server, Storage storage, Auth auth, Pki pki, Jobs jobs) {
        this(dataDir, server, storage, auth, pki, jobs, Alerts.defaults(), Events.defaults());
    }

    /** The shape before the events section (in-process bus). */
    public LamassuConfig(Path dataDir, Server server, Storage storage, Auth auth, Pki pki, Jobs jobs, Alerts alerts) {
        this(dataDir, server, storage, auth, pki, jobs, alerts, Events.defaults());
    }

    /**
     * Listeners and edge policy. {@code allowApiOverHttp} lets {@code /api/**} answer on the plain
     * listener (tests, or a proxy network you trust); otherwise the API is HTTPS-only.
     * {@code trustedProxies} are IPs or CIDRs whose client-certificate headers are believed.
     */
    public record Server(String host, int httpPort, int httpsPort, List<String> tlsHostnames,
                         List<String> corsOrigins, long maxBodyBytes, List<String> trustedProxies,
                         boolean allowApiOverHttp) {

        public Server {
            tlsHostnames = List.copyOf(tlsHostnames);
            corsOrigins = List.copyOf(corsOrigins);
            trustedProxies = List.copyOf(trustedProxies);
        }

        /** The original shape (API over HTTPS only). */
        public Server(String host, int httpPort, int httpsPort, List<String> tlsHostnames,
                      List<String> corsOrigins, long maxBodyBytes, List<String> trustedProxies) {
            this(host, httpPort, httpsPort, tlsHostnames, corsOrigins, maxBodyBytes, trustedProxies, false);
        }

        public Server withAllowApiOverHttp(boolean allow) {
            return new Server(host, httpPort, httpsPort, tlsHostnames, corsOrigins, maxBodyBytes, trustedProxies,
                    allow);
        }

        public Server withTrustedProxies(List<String> proxies) {
            return new Server(host, httpPort, httpsPort, tlsHostnames, corsOrigins, maxBodyBytes, proxies,
                    allowApiOverHttp);
        }
    }

    /** {@code dbUrl} empty means the embedded SQLite file in the data directory. */
    public record Storage(String dbUrl, String dbUser, String dbPassword, int poolSize) {
        @JsonIgnore
        public boolean isPostgres() {
            return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
        }

        /** Never print the password (the {@code config} command and logs use this form). */
        @Override
        public String toString() {
            return "Storage[dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null
                    || dbPassword.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * Token verification: the embedded issuer is always trusted; an external OIDC provider is
     * trusted when {@code jwksUrl} is set. {@code roleMapping} maps provider role names to
     * admin/operator/viewer.
     */
    public record Auth(String issuer, String audience, String jwksUrl, String externalIssuer,
                       String rolesClaim, Map<String, String> roleMapping) {
        public Auth {
            roleMapping = Map.copyOf(roleMapping);
        }
    }

    /**
     * {@code publicBaseUrl} is the plain-HTTP base used in AIA OCSP and CRL distribution points;
     * {@code estDefaultDms} is the DMS that answers EST requests without a label
     * ({@code /.well-known/est/simpleenroll}), empty for none.
     */
    public record Pki(String publicBaseUrl, String estDefaultDms) {
        public Pki {
            estDefaultDms = estDefaultDms == null ? "" : estDefaultDms.strip();
        }

        public Pki(String publicBaseUrl) {
            this(publicBaseUrl, "");
        }
    }

    public LamassuConfig withPki(Pki p) {
        return new LamassuConfig(dataDir, server, storage, auth, p, jobs, alerts);
    }

    public record Jobs(long expiryIntervalMillis, long deviceLifecycleIntervalMillis, long outboxPollMillis) {
    }

    /**
     * Alerts delivery and SMTP (flat keys, so that {@code LAMASSU_ALERTS_SMTP_HOST} and the like work).
     * Durations use the upstream notation ("30s", "1h", "30d").
     */
    public record Alerts(int workers, long pollMillis, int maxAttempts, String initialBackoff, String maxBackoff,
                         String connectTimeout, String requestTimeout, int maxSubscriptionsPerUser,
                         String deliveryRetention, String smtpHost, int smtpPort, String smtpUsername,
                         String smtpPassword, String smtpFrom, String smtpTls) {
        public static Alerts defaults() {
            return new Alerts(8, 1000, 10, "30s", "1h", "5s", "10s", 100, "30d", "", 587, "", "",
                    "lamassu@localhost", "starttls");
        }

        public Alerts withSmtp(String host, int port, String tls) {
            return new Alerts(workers, pollMillis, maxAttempts, initialBackoff, maxBackoff, connectTimeout,
                    requestTimeout, maxSubscriptionsPerUser, deliveryRetention, host, port, smtpUsername, smtpPassword,
                    smtpFrom, tls);
        }

        /** Never print the SMTP password. */
        @Override
        public String toString() {
            return "Alerts[workers=" + workers + ", maxAttempts=" + maxAttempts + ", smtpHost=" + smtpHost
                    + ", smtpUsername=" + smtpUsername + ", smtpPassword=" + (smtpPassword == null
                    || smtpPassword.isEmpty() ? "" : "***") + ", smtpTls=" + smtpTls + "]";
        }
    }

    /**
     * The event bus: {@code broker} is {@code inprocess} (embedded default: events reach this
     * process's consumers only) or {@code rabbitmq} ({@code amqpUrl} = {@code amqp[s]://user:pass@host:port/vhost}).
     * {@code exchange} and {@code deadLetterExchange} keep their defaults in production
     * ({@code lamassu-events}, {@code lamassu-dlq}); consumer queues are {@code <queuePrefix>.<service>}.
     * A consumer that fails is retried {@code consumerRetries} times, waiting {@code retryInitialBackoff}
     * then three times longer each time up to {@code retryMaxBackoff}, then the message is dead-lettered.
     */
    public record Events(String broker, String amqpUrl, String exchange, String deadLetterExchange,
                         String queuePrefix, int consumerRetries, String retryInitialBackoff,
                         String retryMaxBackoff, String confirmTimeout, int prefetch) {
        public static final String INPROCESS = "inprocess";
        public static final String RABBITMQ = "rabbitmq";

        public static Events defaults() {
            return new Events(INPROCESS, "", "lamassu-events", "lamassu-dlq", "lamassu", 3, "2s", "10s", "10s", 50);
        }

        /** The RabbitMQ bus at {@code url} with this section's other settings. */
        public Events rabbitmq(String url) {
            return new Events(RABBITMQ, url, exchange, deadLetterExchange, queuePrefix, consumerRetries,
                    retryInitialBackoff, retryMaxBackoff, confirmTimeout, prefetch);
        }

        /** Other exchange and queue names (tests that share one broker use unique names). */
        public Events named(String exchangeName, String deadLetterName, String prefix) {
            return new Events(broker, amqpUrl, exchangeName, deadLetterName, prefix, consumerRetries,
                    retryInitialBackoff, retryMaxBackoff, confirmTimeout, prefetch);
        }

        public Events withRetries(int retries, String initialBackoff, String maxBackoff) {
            return new Events(broker, amqpUrl, exchange, deadLetterExchange, queuePrefix, retries, initialBackoff,
                    maxBackoff, confirmTimeout, prefetch);
        }

        @JsonIgnore
        public boolean isRabbitMq() {
            return RABBITMQ.equals(broker);
        }

        /** Never print the AMQP password. */
        @Override
        public String toString() {
            return "Events[broker=" + broker + ", amqpUrl=" + maskedUrl(amqpUrl) + ", exchange=" + exchange
                    + ", deadLetterExchange=" + deadLetterExchange + ", queuePrefix=" + queuePrefix + "]";
        }

        /** {@code amqp://user:***@host/vhost}: the password part of the URL's user info masked. */
        public static String maskedUrl(String url) {
            return url == null ? null : url.replaceAll("(?<=://[^:/@]{0,256}:)[^@/]*(?=@)", "***");
        }
    }

    /**
     * Log output: {@code text} (default, for a terminal) or {@code json} (one JSON object per line
     * with timestamp, level, logger, message, request_id, actor, route; ADR 0800).
     */
    public record Logging(String format) {
        public static final String TEXT = "text";
        public static final String JSON = "json";

        public Logging {
            format = format == null ? TEXT : format.trim().toLowerCase(java.util.Locale.ROOT);
        }

        public static Logging defaults() {
            return new Logging(TEXT);
        }

        @JsonIgnore
        public boolean isJson() {
            return JSON.equals(format);
        }
    }

    public LamassuConfig withLogging(Logging l) {
        return new LamassuConfig(dataDir, server, storage, auth, pki, jobs, alerts, events, crypto, l);
    }

    public static LamassuConfig defaults(Path dataDir) {
        return new LamassuConfig(dataDir,
                new Server("0.0.0.0", 8080, 8443, List.of(), List.of(), 1024 * 1024, List.of(), false),
                new Storage("", "", "", 10),
                new Auth("lamassu", "lamassu", "", "", "realm_access.roles",
                        Map.of("admin", "admin", "operator", "operator", "viewer", "viewer", "pki-admin", "admin")),
                new Pki("http://localhost:8080"),
                new Jobs(5000, 5000, 1000), Alerts.defaults(), Events.defaults(), Crypto.defaults());
    }

    public LamassuConfig withServer(Server s) {
        return new LamassuConfig(dataDir, s, storage, auth, pki, jobs, alerts, events, crypto, logging);
    }

    public LamassuConfig withAlerts(Alerts a) {
        return new LamassuConfig(dataDir, server, storage, auth, pki, jobs, a, events, crypto, logging);
    }

    public LamassuConfig withAuth(Auth a) {
        return new LamassuConfig(dataDir, server, storage, a, pki, jobs, alerts, events, crypto, logging);
    }

    public LamassuConfig withEvents(Events e) {
        return new LamassuConfig(dataDir, server, storage, auth, pki, jobs, alerts, e, crypto, logging);
    }

    public LamassuConfig withStorage(Storage s) {
        return new LamassuConfig(dataDir, server, s, auth, pki, jobs, alerts, events, crypto, logging);
    }

    public LamassuConfig withJobs(Jobs j) {
        return new LamassuConfig(dataDir, server, storage, auth, pki, j, alerts, events, crypto, logging);
    }

    public LamassuConfig withDataDir(Path dir) {
        return new LamassuConfig(dir, server, storage, auth, pki, jobs, alerts, events, crypto, logging);
    }
}
