package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.json.Json;
import io.lamassu.devices.storage.JdbcDeviceGroupRepository;
import io.lamassu.devices.storage.JdbcDeviceRepository;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsDeviceDirectory;
import io.lamassu.dms.DmsService;
import io.lamassu.dms.DmsSettings;
import io.lamassu.dms.storage.JdbcDmsRepository;
import io.lamassu.events.EventPublisher;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.events.outbox.OutboxRelay;
import io.lamassu.events.inmemory.InMemoryEventBus;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.testkit.MutableClock;
import io.lamassu.testkit.TestDatabases;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The device and DMS services over a real database, with the CA replaced by {@link FakeCa}. */
public final class DevicesFixture implements AutoCloseable {
    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-09T10:00:00Z"));
    public final Database db;
    public final Jdbc jdbc;
    public final FakeCa ca = new FakeCa(clock);
    public final JdbcDeviceRepository deviceRepo;
    public final DeviceService devices;
    public final DeviceIdentityService identities;
    public final DeviceGroupService groups;
    public final DeviceLifecycleJob job;
    public final DmsService dms;
    private final OutboxEventPublisher events;
    private final AuditTrail audit;

    private DevicesFixture(Database db) {
        this.db = db;
        this.jdbc = new Jdbc(new Tx(db));
        events = new OutboxEventPublisher(jdbc, clock, "test", new OutboxRelay(jdbc, new InMemoryEventBus()));
        audit = new AuditTrail(jdbc, clock);
        JdbcDmsRepository dmsRepo = new JdbcDmsRepository(jdbc);
        deviceRepo = new JdbcDeviceRepository(jdbc);
        DmsDeviceDirectory directory = new DmsDeviceDirectory(dmsRepo);
        devices = new DeviceService(deviceRepo, directory, events, audit, clock);
        identities = new DeviceIdentityService(deviceRepo, ca, directory,
                new DeviceIdentityService.Collaborators(events, audit, clock));
        AtomicInteger ids = new AtomicInteger();
        groups = new DeviceGroupService(new JdbcDeviceGroupRepository(jdbc), deviceRepo, devices,
                new DeviceGroupService.Collaborators(events, audit, clock, () -> "group-" + ids.incrementAndGet()));
        job = new DeviceLifecycleJob(deviceRepo, events, audit);
        dms = new DmsService(dmsRepo, ca, devices, identities, new DmsService.Collaborators(events, audit, clock));
        ca.listener(new DeviceCertificateTracker(deviceRepo, events, clock));
    }

    public static DevicesFixture sqlite() {
        try {
            return new DevicesFixture(Database.sqlite(Files.createTempDirectory("devices").resolve("t.db")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static DevicesFixture postgres() {
        return new DevicesFixture(Database.postgres(TestDatabases.freshPostgres(), null, null, 4));
    }

    /** A DMS whose settings come from JSON (null: all defaults). */
    public Dms createDms(String id, String settingsJson) {
        DmsSettings s = settingsJson == null ? null : Json.read(settingsJson, DmsSettings.class);
        return dms.create(new Dms(id, id + " name", Map.of(), null, s));
    }

    public Device register(String id, String dmsId, List<String> tags, Map<String, Object> metadata) {
        return devices.register(new RegisterDevice(id, dmsId, tags, metadata));
    }

    /**
     * A lifecycle job that always takes the Java path (its publisher offers no outbox insert), to
     * compare with the set-based PostgreSQL path on the same data.
     */
    public DeviceLifecycleJob javaPathJob() {
        EventPublisher javaOnly = new EventPublisher() {
            @Override
            public void publish(String type, String subject, Object payload) {
                events.publish(type, subject, payload);
            }

            @Override
            public void publishAll(String type, List<Item> items) {
                events.publishAll(type, items);
            }
        };
        return new DeviceLifecycleJob(deviceRepo, javaOnly, audit);
    }

    /** Event types in the outbox, oldest first. */
    public List<String> eventTypes() {
        return jdbc.query("SELECT type FROM event_outbox ORDER BY id", rs -> rs.getString(1));
    }

    public List<Map<String, Object>> events(String type) {
        return jdbc.query("SELECT data FROM event_outbox WHERE type = ? ORDER BY id", rs -> Json.readMap(rs.getString(1)),
                type);
    }

    public long count(String sql, Object... params) {
        return jdbc.count(sql, params);
    }

    @Override
    public void close() {
        db.close();
    }
}
