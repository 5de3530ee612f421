package io.lamassu;

import io.lamassu.audit.AuditTrail;
import io.lamassu.config.LamassuConfig;
import io.lamassu.events.EventBus;
import io.lamassu.events.EventPublisher;
import io.lamassu.events.inmemory.InMemoryEventBus;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.events.outbox.OutboxRelay;
import io.lamassu.http.HttpServer;
import io.lamassu.http.Routes;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import io.lamassu.http.auth.JwtTokenVerifier;
import io.lamassu.kms.KeyEngine;
import io.lamassu.kms.KeyRepository;
import io.lamassu.kms.KmsService;
import io.lamassu.kms.http.KmsRoutes;
import io.lamassu.kms.internal.MasterKey;
import io.lamassu.kms.internal.SoftwareKeyEngine;
import io.lamassu.kms.storage.JdbcKeyRepository;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: configuration → storage → crypto → events → services → routes. The only
 * place that builds adapters; tests start the same graph with a temporary data directory and an
 * injected clock.
 */
public final class Application implements AutoCloseable {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final LamassuConfig config;
    private final Clock clock;
    private Database database;
    private Jdbc jdbc;
    private EventBus bus;
    private OutboxRelay relay;
    private EmbeddedTokenIssuer tokenIssuer;
    private HttpServer http;
    private KmsService kms;

    private Application(LamassuConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static Application start(LamassuConfig config, Clock clock) {
        Application app = new Application(config, clock);
        try {
            app.boot();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void boot() {
        createDataDir();
        database = config.storage().isPostgres()
                ? Database.postgres(config.storage().dbUrl(), config.storage().dbUser(), config.storage().dbPassword(),
                        config.storage().poolSize())
                : Database.sqlite(config.dataDir().resolve("lamassu.db"));
        closeables.add(database);
        jdbc = new Jdbc(new Tx(database));
        bus = new InMemoryEventBus();
        relay = new OutboxRelay(jdbc, bus);
        closeables.add(relay);
        EventPublisher events = new OutboxEventPublisher(jdbc, clock, "source://lamassu.io/ctx/source/service/lamassu", relay);
        AuditTrail audit = new AuditTrail(jdbc, clock);
        tokenIssuer = EmbeddedTokenIssuer.loadOrCreate(config.dataDir(), config.auth().issuer(),
                config.auth().audience(), clock);
        List<Routes.Module> modules = new ArrayList<>();
        wireContexts(events, audit, modules);
        http = new HttpServer(config.server(), null, new JwtTokenVerifier(tokenIssuer, config.auth(), clock), modules);
        http.start();
        closeables.add(http);
        relay.start(config.jobs().outboxPollMillis());
    }

    /** Each bounded context: its repositories, services, jobs and routes. */
    private void wireContexts(EventPublisher events, AuditTrail audit, List<Routes.Module> modules) {
        modules.add(routes -> routes.get("/health", io.lamassu.http.Role.PUBLIC,
                ctx -> ctx.json(java.util.Map.of("status", "UP"))));
        modules.add(new KmsRoutes(wireKms(events, audit)));
    }

    private KmsService wireKms(EventPublisher events, AuditTrail audit) {
        KeyRepository keys = new JdbcKeyRepository(jdbc);
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = MasterKey.load(config.dataDir(), System.getenv(MasterKey.ENV), random);
        KeyEngine software = new SoftwareKeyEngine(SoftwareKeyEngine.DEFAULT_ID, masterKey, random).verifiedAgainst(keys);
        kms = new KmsService(keys, List.of(software), events, audit, clock);
        return kms;
    }

    private void createDataDir() {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
    }

    public LamassuConfig config() {
        return config;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public EventBus eventBus() {
        return bus;
    }

    public OutboxRelay outboxRelay() {
        return relay;
    }

    /** The KMS, for in-process users (CA wiring, tests, benchmarks). */
    public KmsService kms() {
        return kms;
    }

    public EmbeddedTokenIssuer tokenIssuer() {
        return tokenIssuer;
    }

    public int httpPort() {
        return http.port("http");
    }

    public int httpsPort() {
        return http.port("https");
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // Best effort: keep closing the rest.
            }
        }
    }
}
