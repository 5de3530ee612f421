package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.DeviceGroup.Criterion;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Device groups: CRUD, criteria validated against the device filter fields, members and stats. */
public final class DeviceGroupService {
    public static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("name", FieldType.STRING, "name")
            .add("parent_id", FieldType.STRING, "parent_id")
            .add("created_at", FieldType.DATE, "created_at")
            .defaultSort("created_at")
            .build();
    private static final Pattern ID = RegisterDevice.ID;
    private static final int MAX_DEPTH = 32;
    private final DeviceGroupRepository groups;
    private final DeviceRepository devices;
    private final DeviceService deviceService;
    private final EventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;
    private final Supplier<String> ids;

    public DeviceGroupService(DeviceGroupRepository groups, DeviceRepository devices, DeviceService deviceService,
                              Collaborators c) {
        this.groups = groups;
        this.devices = devices;
        this.deviceService = deviceService;
        this.events = c.events();
        this.audit = c.audit();
        this.clock = c.clock();
        this.ids = c.ids();
    }

    /** Event publisher, audit trail, clock and id source (UUIDs in production). */
    public record Collaborators(EventPublisher events, AuditTrail audit, Clock clock, Supplier<String> ids) {
    }

    public DeviceGroup create(GroupCommand cmd) {
        String id = cmd.id() == null || cmd.id().isBlank() ? ids.get() : cmd.id();
        return audit.execute("device-group.create", "device-group", id, () -> {
            if (!ID.matcher(id).matches()) {
                throw LamassuException.badRequest("INVALID_GROUP_ID", "group id must be 1-128 characters of [A-Za-z0-9._:-]");
            }
            requireText(cmd.name(), "name");
            List<Criterion> criteria = normalise(cmd.criteria() == null ? List.of() : cmd.criteria());
            String parent = blankToNull(cmd.parentId());
            checkParent(id, parent);
            Instant now = clock.instant();
            DeviceGroup g = new DeviceGroup(id, cmd.name().trim(), cmd.description() == null ? "" : cmd.description(),
                    parent, criteria, List.of(), now, now);
            groups.insert(g);
            DeviceGroup full = withInherited(g);
            events.publish("device-group.create", "device-group/" + id, full);
            return full;
        });
    }

    public DeviceGroup get(String id) {
        return withInherited(find(id));
    }

    public Page<DeviceGroup> list(ListQuery q) {
        return groups.list(q).map(this::withInherited);
    }

    public DeviceGroup update(String id, GroupCommand cmd) {
        return audit.execute("device-group.update", "device-group", id, () -> {
            DeviceGroup before = withInherited(find(id));
            String parent = cmd.parentId() == null ? before.parentId() : blankToNull(cmd.parentId());
            checkParent(id, parent);
            List<Criterion> criteria = cmd.criteria() == null || cmd.criteria().isEmpty() ? before.criteria()
                    : normalise(cmd.criteria());
            DeviceGroup after = new DeviceGroup(id, isBlank(cmd.name()) ? before.name() : cmd.name().trim(),
                    isBlank(cmd.description()) ? before.description() : cmd.description(), parent, criteria,
                    List.of(), before.createdAt(), clock.instant());
            groups.update(after);
            DeviceGroup full = withInherited(after);
            events.publishUpdate("device-group.update", "device-group/" + id, before, full);
            return full;
        });
    }

    public void delete(String id) {
        audit.run("device-group.delete", "device-group", id, () -> {
            if (!groups.delete(id)) {
                throw notFound(id);
            }
            events.publish("device-group.delete", "device-group/" + id, Map.of("id", id));
        });
    }

    /** Members now: the group's effective criteria ANDed with the caller's own filters. */
    public Page<Device> devices(String id, ListQuery q) {
        return devices.list(q.withFilters(effectiveFilters(find(id))));
    }

    public DeviceStats stats(String id) {
        return deviceService.statsOf(effectiveFilters(find(id)));
    }

    private List<Filter> effectiveFilters(DeviceGroup g) {
        List<Filter> out = new ArrayList<>();
        for (Criterion c : withInherited(g).inheritedCriteria()) {
            out.add(toFilter(c));
        }
        for (Criterion c : g.criteria()) {
            out.add(toFilter(c));
        }
        return out;
    }

    private static Filter toFilter(Criterion c) {
        return QueryParser.filter(DeviceFields.FIELDS.get(c.field()), c.operand(), c.value());
    }

    /** Validates each criterion as a device filter and stores the canonical operand name. */
    private static List<Criterion> normalise(List<Criterion> criteria) {
        List<Criterion> out = new ArrayList<>();
        for (Criterion c : criteria) {
            if (c == null || c.field() == null || c.operand() == null || c.value() == null) {
                throw LamassuException.badRequest("INVALID_CRITERIA", "each criterion needs 'field', 'operand' and 'value'");
            }
            Field f = DeviceFields.FIELDS.get(c.field());
            Filter filter = QueryParser.filter(f, c.operand(), c.value());
            String value = f.type() == FieldType.JSON ? c.value() : filter.value();
            out.add(new Criterion(f.name(), filter.operator().wireName(f.type()), value));
        }
        return out;
    }

    /** The parent must exist and must not be the group itself or one of its descendants. */
    private void checkParent(String id, String parentId) {
        if (parentId == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        String cursor = parentId;
        while (cursor != null) {
            if (cursor.equals(id)) {
                throw LamassuException.badRequest("GROUP_CYCLE",
                        "group '" + parentId + "' cannot be the parent of '" + id + "': that would make a cycle");
            }
            if (!seen.add(cursor) || seen.size() > MAX_DEPTH) {
                throw LamassuException.badRequest("GROUP_TOO_DEEP", "groups nest at most " + MAX_DEPTH + " levels");
            }
            String current = cursor;
            cursor = groups.find(cursor).orElseThrow(() -> LamassuException.notFound("PARENT_GROUP_NOT_FOUND",
                    "parent group '" + current + "' does not exist")).parentId();
        }
    }

    private DeviceGroup withInherited(DeviceGroup g) {
        List<List<Criterion>> chain = new ArrayList<>();
        String cursor = g.parentId();
        int depth = 0;
        while (cursor != null && depth++ < MAX_DEPTH) {
            DeviceGroup parent = groups.find(cursor).orElse(null);
            if (parent == null) {
                break;
            }
            chain.add(0, parent.criteria());
            cursor = parent.parentId();
        }
        List<Criterion> inherited = new ArrayList<>();
        chain.forEach(inherited::addAll);
        return g.withInherited(inherited);
    }

    private DeviceGroup find(String id) {
        return groups.find(id).orElseThrow(() -> notFound(id));
    }

    private static LamassuException notFound(String id) {
        return LamassuException.notFound("DEVICE_GROUP_NOT_FOUND", "device group '" + id + "' does not exist");
    }

    private static void requireText(String v, String name) {
        if (isBlank(v)) {
            throw LamassuException.badRequest("INVALID_GROUP", "'" + name + "' is required");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
