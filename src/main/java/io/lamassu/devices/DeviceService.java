package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.json.MetadataUpdate;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.DeviceRepository.EventScope;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Device inventory: registration, reads, listing, statistics, metadata and removal. */
public final class DeviceService {
    private final DeviceRepository repo;
    private final DmsDirectory dmsDirectory;
    private final EventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;

    public DeviceService(DeviceRepository repo, DmsDirectory dmsDirectory, EventPublisher events, AuditTrail audit,
                         Clock clock) {
        this.repo = repo;
        this.dmsDirectory = dmsDirectory;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    public Device register(RegisterDevice cmd) {
        return audit.execute("device.create", "device", cmd.id(), () -> {
            if (dmsDirectory.deltas(cmd.dmsId()).isEmpty()) {
                throw LamassuException.notFound("DMS_NOT_FOUND", "DMS '" + cmd.dmsId() + "' does not exist");
            }
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Device d = new Device(cmd.id(), cmd.dmsId(), DeviceStatus.NO_IDENTITY, now, cmd.tags(), cmd.metadata(),
                    null, List.of());
            if (!repo.insert(d)) {
                throw LamassuException.conflict("DEVICE_ALREADY_EXISTS", "device '" + cmd.id() + "' already exists");
            }
            DeviceEvent created = new DeviceEvent(now, "CREATED", "");
            repo.addEvent(d.id(), EventScope.DEVICE, created);
            events.publish("device.create", DeviceChanges.subject(d.id()), d);
            return d.withEvents(List.of(created));
        });
    }

    public Device get(String id) {
        return repo.find(id, false).orElseThrow(() -> notFound(id));
    }

    public Page<Device> list(ListQuery query) {
        return repo.list(query);
    }

    /** The device's history; 404 for an unknown device (a deleted device's events are gone with it). */
    public Page<DeviceEventEntry> events(String id, ListQuery query) {
        get(id);
        Filter device = QueryParser.filter(DeviceEventFields.FIELDS.get("device_id"), "eq", id);
        return repo.events(query.withFilters(List.of(device)));
    }

    public Page<Device> listByDms(String dmsId, ListQuery query) {
        Filter owner = QueryParser.filter(DeviceFields.FIELDS.get("dms_owner"), "eq", dmsId);
        return repo.list(query.withFilters(List.of(owner)));
    }

    public long countByDms(String dmsId) {
        return repo.countByDms(dmsId);
    }

    /** Status is what is being counted, so filtering on it is refused (as upstream). */
    public DeviceStats stats(List<Filter> filters) {
        for (Filter f : filters) {
            if (f.field().name().equals("status")) {
                throw LamassuException.badRequest("INVALID_STATS_FILTER",
                        "stats cannot be filtered by status; the distribution is by status");
            }
        }
        return statsOf(filters);
    }

    DeviceStats statsOf(List<Filter> filters) {
        Map<DeviceStatus, Long> counts = repo.countByStatus(filters);
        Map<DeviceStatus, Long> all = new EnumMap<>(DeviceStatus.class);
        long total = 0;
        for (DeviceStatus s : DeviceStatus.values()) {
            long n = counts.getOrDefault(s, 0L);
            all.put(s, n);
            total += n;
        }
        return new DeviceStats(total, new LinkedHashMap<>(all));
    }

    public Device updateMetadata(String id, MetadataUpdate update) {
        return audit.execute("device.metadata.update", "device", id, () -> {
            Device before = repo.find(id, true).orElseThrow(() -> notFound(id));
            Device after = before.withMetadata(update.applyTo(before.metadata()));
            repo.update(after, DeviceLifecycle.nextCheck(after));
            events.publishUpdate("device.metadata.update", DeviceChanges.subject(id), before.withoutHistory(),
                    after.withoutHistory());
            return after;
        });
    }

    /** Permanent removal, allowed only once decommissioned so that no live identity is orphaned. */
    public void delete(String id) {
        audit.run("device.delete", "device", id, () -> {
            Device d = repo.find(id, true).orElseThrow(() -> notFound(id));
            if (d.status() != DeviceStatus.DECOMMISSIONED) {
                throw LamassuException.conflict("DEVICE_NOT_DECOMMISSIONED", "device '" + id + "' is " + d.status()
                        + "; decommission it first (DELETE /api/devmanager/v1/devices/" + id + "/decommission)");
            }
            repo.delete(id);
            events.publish("device.delete", DeviceChanges.subject(id), Map.of("id", id));
        });
    }

    static LamassuException notFound(String id) {
        return LamassuException.notFound("DEVICE_NOT_FOUND", "device '" + id + "' does not exist");
    }
}
