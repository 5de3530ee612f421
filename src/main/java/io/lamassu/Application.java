package io.lamassu;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import io.lamassu.common.Uuids;
import io.lamassu.audit.http.AuditRoutes;
import io.lamassu.audit.storage.JdbcAuditLog;
import io.lamassu.ca.CaDependencies;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CaStatsService;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateStatusListener;
import io.lamassu.ca.ExpiryJob;
import io.lamassu.ca.ProfileService;
import io.lamassu.ca.http.CaRoutes;
import io.lamassu.ca.internal.KmsCaKeys;
import io.lamassu.ca.internal.MicrometerCaMetrics;
import io.lamassu.ca.storage.JdbcCaRepository;
import io.lamassu.ca.storage.JdbcCertificateRepository;
import io.lamassu.ca.storage.JdbcProfileRepository;
import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.CryptoProviders;
import io.lamassu.crypto.SerialNumbers;
import io.lamassu.devices.DeviceCertificateTracker;
import io.lamassu.devices.DeviceGroupService;
import io.lamassu.devices.DeviceIdentityService;
import io.lamassu.devices.DeviceLifecycleJob;
import io.lamassu.devices.DeviceService;
import io.lamassu.devices.IdentityCertificates;
import io.lamassu.devices.http.DeviceGroupRoutes;
import io.lamassu.devices.http.DeviceRoutes;
import io.lamassu.devices.internal.CaIdentityCertificates;
import io.lamassu.devices.storage.JdbcDeviceGroupRepository;
import io.lamassu.devices.storage.JdbcDeviceRepository;
import io.lamassu.dms.CertificateAuthorities;
import io.lamassu.dms.DmsDeviceDirectory;
import io.lamassu.dms.DmsService;
import io.lamassu.dms.EstCredentialService;
import io.lamassu.dms.est.EstRoutes;
import io.lamassu.dms.est.EstService;
import io.lamassu.dms.http.DmsRoutes;
import io.lamassu.dms.http.EstCredentialRoutes;
import io.lamassu.dms.storage.JdbcEstCredentials;
import io.lamassu.dms.internal.CaCertificateAuthorities;
import io.lamassu.dms.storage.JdbcDmsRepository;
import io.lamassu.events.EventBus;
import io.lamassu.events.EventPublisher;
import io.lamassu.events.outbox.InboxEventBus;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.events.outbox.OutboxRelay;
import io.lamassu.http.HttpServer;
import io.lamassu.http.JvmMetrics;
import io.lamassu.http.ReadinessCheck;
import io.lamassu.http.Routes;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import io.lamassu.http.auth.JwtTokenVerifier;
import io.lamassu.http.tls.BootstrapTls;
import io.lamassu.http.tls.TlsContexts;
import io.lamassu.kms.KeyEngine;
import io.lamassu.kms.KeyRepository;
import io.lamassu.kms.KmsService;
import io.lamassu.kms.http.KmsRoutes;
import io.lamassu.kms.internal.MasterKey;
import io.lamassu.kms.internal.SoftwareKeyEngine;
import io.lamassu.kms.storage.JdbcKeyRepository;
import io.lamassu.storage.Database;
import io.lamassu.storage.files.SecretFiles;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.va.ValidationAuthority;
import io.lamassu.va.http.VaRoutes;
import io.lamassu.va.storage.JdbcVaRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: configuration → storage → crypto → events → services → routes. The only
 * place that builds adapters; tests start the same graph with a temporary data directory and an
 * injected clock.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
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
    private CertificateStatusListener certificateTracker;
    private DeviceLifecycleJob deviceLifecycle;
    private CaService caService;
    private CertificateService certificateService;
    private ProfileService profileService;
    private ExpiryJob expiryJob;
    private AlertsWiring.Wired alerts;
    private OperationsMetrics operations;
    private ValidationAuthority va;
    /** How often each instance looks for due CRLs (revocations also trigger a run at once). */
    private static final long VA_CRL_CHECK_MILLIS = 30_000;

    private final List<Routes.Module> extraModules;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private BootstrapTls.Material tls;

    private Application(LamassuConfig config, Clock clock, List<Routes.Module> extraModules) {
        this.config = config;
        this.clock = clock;
        this.extraModules = List.copyOf(extraModules);
    }

    public static Application start(LamassuConfig config, Clock clock) {
        return start(config, clock, List.of());
    }

    /** {@code extraModules} are mounted after the contexts' routes (tests use this for probe routes). */
    public static Application start(LamassuConfig config, Clock clock, List<Routes.Module> extraModules) {
        Application app = new Application(config, clock, extraModules);
        try {
            app.boot();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void boot() {
        long t0 = System.nanoTime();
        CryptoProviders.configure(CryptoProviders.Mode.parse(config.crypto() == null ? null : config.crypto().provider()));
        metrics.gauge("lamassu_crypto_native", java.util.List.of(io.micrometer.core.instrument.Tag.of("provider",
                CryptoProviders.nativeActive() ? "native" : "bouncycastle")), metrics,
                m -> CryptoProviders.nativeActive() ? 1 : 0);
        // Hot paths exercised while the database migrates and the TLS material loads (issue 8 warm-up).
        CompletableFuture<Void> warmedUp = CompletableFuture.runAsync(Warmup::run);
        createDataDir();
        // The TLS material (key generation, certificate) is independent of the database: overlap them.
        CompletableFuture<BootstrapTls.Material> tlsReady = CompletableFuture.supplyAsync(
                () -> EventsWiring.initLocked(config.dataDir(),
                        () -> BootstrapTls.ensure(config.dataDir(), config.server().tlsHostnames(), clock)));
        CompletableFuture<SslContextFactory.Server> sslReady = tlsReady.thenApply(TlsContexts::server);
        List<AutoCloseable> meterBinders = new ArrayList<>();
        CompletableFuture<Void> metricsReady = CompletableFuture.runAsync(
                () -> new JvmMetrics().bindTo(metrics, meterBinders));
        if (!config.storage().isPostgres()) {
            closeables.add(EventsWiring.lockSqlite(config.dataDir().resolve("lamassu.db")));
        }
        database = config.storage().isPostgres()
                ? Database.postgres(config.storage().dbUrl(), config.storage().dbUser(), config.storage().dbPassword(),
                        config.storage().poolSize())
                : Database.sqlite(config.dataDir().resolve("lamassu.db"));
        closeables.add(database);
        long tDb = System.nanoTime();
        database.bindMetrics(metrics);
        jdbc = new Jdbc(new Tx(database));
        operations = new OperationsMetrics(metrics, jdbc, clock);
        InboxEventBus inbox = EventsWiring.bus(config.events(), jdbc, clock);
        bus = inbox;
        closeables.add(bus);
        relay = new OutboxRelay(jdbc, bus);
        relay.bindMetrics(metrics, clock);
        closeables.add(relay);
        schedule("event-inbox-prune", EventsWiring.INBOX_PRUNE_MILLIS,
                () -> inbox.prune(clock.instant().minus(EventsWiring.INBOX_RETENTION)));
        EventPublisher events = new OutboxEventPublisher(jdbc, clock, "source://lamassu.io/ctx/source/service/lamassu", relay);
        AuditTrail audit = new AuditTrail(jdbc, clock);
        tokenIssuer = EventsWiring.initLocked(config.dataDir(), () -> EmbeddedTokenIssuer.loadOrCreate(
                config.dataDir(), config.auth().issuer(), config.auth().audience(), clock));
        List<Routes.Module> modules = new ArrayList<>();
        wireContexts(events, audit, modules);
        modules.addAll(extraModules);
        long tWired = System.nanoTime();
        tls = join(tlsReady);
        join(metricsReady);
        closeables.addAll(meterBinders);
        join(warmedUp);
        startHttp(modules, join(sslReady));
        closeables.add(http);
        relay.start(config.jobs().outboxPollMillis());
        AlertsWiring.start(alerts, config.alerts());
        va.start(VA_CRL_CHECK_MILLIS);
        LOG.info("started in {} ms (database {} ms, contexts {} ms, http {} ms)", ms(t0, System.nanoTime()),
                ms(t0, tDb), ms(tDb, tWired), ms(tWired, System.nanoTime()));
    }

    /** The future's value; its failure rethrown as itself, not wrapped, so start-up errors read plainly. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Each bounded context: its repositories, services, jobs and routes. */
    private void wireContexts(EventPublisher events, AuditTrail audit, List<Routes.Module> modules) {
        KmsService kms = wireKms(events, audit);
        modules.add(new KmsRoutes(kms));
        wireCa(kms, events, audit, modules);
        wireDevicesAndDms(events, audit, modules, new CaIdentityCertificates(certificateService, caService),
                new CaCertificateAuthorities(caService, certificateService));
        // Device status follows its identity certificate inside the same transaction (design §4).
        certificateService.addStatusListener(certificateTracker);
        wireVa(events, audit, modules);
        alerts = AlertsWiring.wire(config.alerts(), jdbc, bus, audit, clock);
        closeables.add(alerts.dispatcher());
        modules.add(alerts.routes());
        modules.add(new AuditRoutes(new JdbcAuditLog(jdbc)));
    }

    private void wireCa(KmsService kms, EventPublisher events, AuditTrail audit, List<Routes.Module> modules) {
        CaDependencies ca = CaDependencies.of(new JdbcCertificateRepository(jdbc), new JdbcCaRepository(jdbc),
                new JdbcProfileRepository(jdbc, clock), new KmsCaKeys(kms), new CaDependencies.Platform(events, audit,
                        clock, new SerialNumbers(new SecureRandom()), config.pki().publicBaseUrl(),
                        new MicrometerCaMetrics(metrics, jdbc.tx()::afterCommit)));
        caService = new CaService(ca);
        caService.bindExistingKeys()
                .forEach(id -> LOG.warn("CA {} has no key in the KMS; it cannot sign", id));
        certificateService = new CertificateService(ca);
        expiryJob = new ExpiryJob(ca);
        profileService = new ProfileService(ca);
        modules.add(new CaRoutes(profileService, caService, certificateService, new CaStatsService(ca)));
        schedule("ca-expiry", config.jobs().expiryIntervalMillis(), () -> expiryJob.runOnce(clock.instant()));
    }

    /** The validation authority (OCSP, CRLs, roles) on top of the CA context's root package. */
    private void wireVa(EventPublisher events, AuditTrail audit, List<Routes.Module> modules) {
        va = new ValidationAuthority(new ValidationAuthority.Dependencies(new JdbcVaRepository(jdbc), caService,
                certificateService, audit, events, clock, config.pki().publicBaseUrl()));
        closeables.add(va);
        modules.add(new VaRoutes(va, caService));
    }

    /** Devices and DMS, reaching the CA through the two ports they own. */
    private void wireDevicesAndDms(EventPublisher events, AuditTrail audit, List<Routes.Module> modules,
                                   IdentityCertificates certificates, CertificateAuthorities cas) {
        var dmsRepo = new JdbcDmsRepository(jdbc);
        var deviceRepo = new JdbcDeviceRepository(jdbc);
        var directory = new DmsDeviceDirectory(dmsRepo);
        var devices = new DeviceService(deviceRepo, directory, events, audit, clock);
        operations.bindGauges(devices);
        operations.countTransitions(bus);
        var identities = new DeviceIdentityService(deviceRepo, certificates, directory,
                new DeviceIdentityService.Collaborators(events, audit, clock));
        var groups = new DeviceGroupService(new JdbcDeviceGroupRepository(jdbc), deviceRepo, devices,
                new DeviceGroupService.Collaborators(events, audit, clock, () -> UUID.randomUUID().toString()));
        var dms = new DmsService(dmsRepo, cas, devices, identities,
                new DmsService.Collaborators(events, audit, clock));
        certificateTracker = new DeviceCertificateTracker(deviceRepo, events, clock);
        deviceLifecycle = new DeviceLifecycleJob(deviceRepo, events, audit);
        schedule("device-lifecycle", config.jobs().deviceLifecycleIntervalMillis(),
                () -> deviceLifecycle.runOnce(clock.instant()));
        modules.add(new DeviceRoutes(devices, identities));
        modules.add(new DeviceGroupRoutes(groups));
        modules.add(new DmsRoutes(dms));
        var credentials = new EstCredentialService(new JdbcEstCredentials(jdbc), audit, new SecureRandom());
        modules.add(new EstCredentialRoutes(credentials));
        var est = new EstService(dmsRepo, dms, devices, new EstService.Ca(caService, certificateService, profileService),
                new EstService.Platform(events, audit, clock, () -> List.of(tls.ca())), credentials);
        modules.add(new EstRoutes(est, config.pki().estDefaultDms()));
    }

    /** A daemon job at a fixed delay; a failing run is logged and the next one still happens. */
    private void schedule(String name, long intervalMillis, Runnable job) {
        ScheduledExecutorService ex = Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        Runnable timed = operations.timed(name, job);
        ex.scheduleWithFixedDelay(() -> {
            // Each run is one operation: its log lines (and audit rows) carry a run id and the job's name.
            RequestContext.set(Actor.SYSTEM, name + "-" + Uuids.random());
            RequestContext.setRoute("job " + name);
            try {
                timed.run();
            } catch (RuntimeException e) {
                LOG.warn("{} job failed", name, e);
            } finally {
                RequestContext.clear();
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        closeables.add(() -> stopJob(name, ex));
    }

    /** How long shutdown waits for a job run in progress before interrupting it. */
    static final long JOB_STOP_WAIT_SECONDS = 30;

    /**
     * Graceful shutdown: no new runs, and a run in progress finishes (its transaction commits or
     * rolls back by itself) before the database behind it is closed; closeables close in reverse
     * order, so jobs stop before the database.
     */
    private static void stopJob(String name, ScheduledExecutorService ex) throws InterruptedException {
        ex.shutdown();
        if (!ex.awaitTermination(JOB_STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("{} job still running after {} s at shutdown; interrupting it", name, JOB_STOP_WAIT_SECONDS);
            ex.shutdownNow();
            ex.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Registered by the CA context as its status listener once the CA service is wired. */
    public CertificateStatusListener certificateTracker() {
        return certificateTracker;
    }

    public DeviceLifecycleJob deviceLifecycle() {
        return deviceLifecycle;
    }

    private KmsService wireKms(EventPublisher events, AuditTrail audit) {
        KeyRepository keys = new JdbcKeyRepository(jdbc);
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = EventsWiring.initLocked(config.dataDir(),
                () -> MasterKey.load(config.dataDir(), System.getenv(MasterKey.ENV), random));
        KeyEngine software = new SoftwareKeyEngine(SoftwareKeyEngine.DEFAULT_ID, masterKey, random).verifiedAgainst(keys);
        kms = new KmsService(keys, List.of(software), events, audit, clock);
        return kms;
    }

    private void startHttp(List<Routes.Module> modules, SslContextFactory.Server ssl) {
        ReadinessCheck readiness = new ReadinessCheck() {
            @Override
            public void check() {
                jdbc.queryOne("SELECT 1", rs -> rs.getInt(1));
            }

            @Override
            public java.util.Map<String, String> degradable() {
                return java.util.Map.of("event_bus", bus.status());
            }

            @Override
            public java.util.Map<String, Object> details() {
                return java.util.Map.of("crypto", CryptoProviders.describe());
            }
        };
        http = new HttpServer(new HttpServer.Setup(config.server(), ssl,
                new JwtTokenVerifier(tokenIssuer, config.auth(), clock), modules, readiness, metrics));
        http.start();
    }

    private void createDataDir() {
        try {
            // Keys in it are encrypted, the database is not: owner-only like every other secret (0700).
            SecretFiles.ownerOnlyDirectory(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
    }

    public CaService caService() {
        return caService;
    }

    public CertificateService certificateService() {
        return certificateService;
    }

    public ValidationAuthority va() {
        return va;
    }

    public ExpiryJob expiryJob() {
        return expiryJob;
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

    /** The alerts context: its service, bus consumer and delivery dispatcher (tests drive the dispatcher). */
    public AlertsWiring.Wired alerts() {
        return alerts;
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

    public MeterRegistry meterRegistry() {
        return metrics;
    }

    /** Where clients find the certificate to trust for the HTTPS listener. */
    public Path bootstrapCaCertificate() {
        return BootstrapTls.caCertificatePath(config.dataDir());
    }

    public X509Certificate bootstrapCa() {
        return tls.ca();
    }

    /** Every registered HTTP route with the role it needs (for the authorization matrix test). */
    public List<HttpServer.RouteEntry> routeTable() {
        return http.routeTable();
    }

    /** Every route the HTTP server registered (the OpenAPI coverage test reads them). */
    public List<Routes.Registered> routes() {
        return http.routes();
    }

    public int httpPort() {
        return http.port("http");
    }

    public int httpsPort() {
        return http.port("https");
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        LOG.info("shutting down: HTTP stops accepting, jobs finish their run, then the bus and the database close");
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Best effort: keep closing the rest.
                LOG.warn("error while shutting down", e);
            }
        }
        LOG.info("stopped in {} ms", ms(t0, System.nanoTime()));
    }
}
