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
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    private io.lamassu.ca.CertificateStatusListener certificateTracker;
    private io.lamassu.devices.DeviceLifecycleJob deviceLifecycle;

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
        wireDevicesAndDms(events, audit, modules, new UnwiredCaPorts(), new UnwiredCaPorts());
    }

    /** Devices and DMS; the CA ports are replaced by adapters over the CA service once it is wired. */
    private void wireDevicesAndDms(EventPublisher events, AuditTrail audit, List<Routes.Module> modules,
                                   io.lamassu.devices.IdentityCertificates certificates,
                                   io.lamassu.dms.CertificateAuthorities cas) {
        var dmsRepo = new io.lamassu.dms.storage.JdbcDmsRepository(jdbc);
        var deviceRepo = new io.lamassu.devices.storage.JdbcDeviceRepository(jdbc);
        var directory = new io.lamassu.dms.DmsDeviceDirectory(dmsRepo);
        var devices = new io.lamassu.devices.DeviceService(deviceRepo, directory, events, audit, clock);
        var identities = new io.lamassu.devices.DeviceIdentityService(deviceRepo, certificates, directory,
                new io.lamassu.devices.DeviceIdentityService.Collaborators(events, audit, clock));
        var groups = new io.lamassu.devices.DeviceGroupService(new io.lamassu.devices.storage.JdbcDeviceGroupRepository(
                jdbc), deviceRepo, devices, new io.lamassu.devices.DeviceGroupService.Collaborators(events, audit, clock,
                () -> java.util.UUID.randomUUID().toString()));
        var dms = new io.lamassu.dms.DmsService(dmsRepo, cas, devices, identities,
                new io.lamassu.dms.DmsService.Collaborators(events, audit, clock));
        certificateTracker = new io.lamassu.devices.DeviceCertificateTracker(deviceRepo, events, clock);
        deviceLifecycle = new io.lamassu.devices.DeviceLifecycleJob(deviceRepo, events, audit);
        schedule("device-lifecycle", config.jobs().deviceLifecycleIntervalMillis(),
                () -> deviceLifecycle.runOnce(clock.instant()));
        modules.add(new io.lamassu.devices.http.DeviceRoutes(devices, identities));
        modules.add(new io.lamassu.devices.http.DeviceGroupRoutes(groups));
        modules.add(new io.lamassu.dms.http.DmsRoutes(dms));
    }

    /** A daemon job at a fixed delay; a failing run is logged and the next one still happens. */
    private void schedule(String name, long intervalMillis, Runnable job) {
        java.util.concurrent.ScheduledExecutorService ex = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        ex.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Application.class).warn("{} job failed: {}", name, e.toString());
            }
        }, intervalMillis, intervalMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        closeables.add(ex::shutdownNow);
    }

    /** Registered by the CA context as its status listener once the CA service is wired. */
    public io.lamassu.ca.CertificateStatusListener certificateTracker() {
        return certificateTracker;
    }

    public io.lamassu.devices.DeviceLifecycleJob deviceLifecycle() {
        return deviceLifecycle;
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
