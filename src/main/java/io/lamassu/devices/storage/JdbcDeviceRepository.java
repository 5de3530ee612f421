package io.lamassu.devices.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.FilterOperator;
import io.lamassu.common.query.ListQuery;
import io.lamassu.devices.Device;
import io.lamassu.devices.DeviceEvent;
import io.lamassu.devices.DeviceEventEntry;
import io.lamassu.devices.DeviceEventFields;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceRepository;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.devices.IdentitySlot;
import io.lamassu.events.OutboxInsert;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Devices in {@code devices} (the wide row: tags, metadata, slot) and {@code device_state} (the
 * narrow row the lifecycle writes: status, next transition); reads go through the join views
 * {@code device_rows} / {@code device_rows_by_status} (V401). Events in {@code device_events}.
 */
public final class JdbcDeviceRepository implements DeviceRepository {
    private static final String JOINED = "d.id, d.dms_owner, s.status, d.creation_timestamp, d.tags, d.metadata,"
            + " d.identity_slot FROM devices d JOIN device_state s ON s.id = d.id";
    private final Jdbc jdbc;
    private final ListSql listSql;
    private final ListSql byStatusSql;
    private final ListSql eventsSql;
    private final PostgresTransitions transitions;

    public JdbcDeviceRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "device_rows", DeviceFields.FIELDS);
        this.byStatusSql = new ListSql(jdbc, "device_rows_by_status", DeviceFields.FIELDS);
        this.eventsSql = new ListSql(jdbc, "device_event_rows", DeviceEventFields.FIELDS);
        this.transitions = new PostgresTransitions(jdbc);
    }

    private String json() {
        return jdbc.dialect().jsonParam();
    }

    private String lock(boolean lock) {
        return lock && jdbc.dialect() == Dialect.POSTGRES ? " FOR UPDATE" : "";
    }

    @Override
    public boolean insert(Device d) {
        try {
            jdbc.update("INSERT INTO devices (id, dms_owner, creation_timestamp, tags, metadata, identity_slot, cert_serial)"
                            + " VALUES (?, ?, ?, " + json() + ", " + json() + ", " + json() + ", ?)",
                    d.id(), d.dmsOwner(), d.creationTimestamp().toEpochMilli(), Json.write(d.tags()),
                    Json.write(d.metadata()), slotJson(d.identitySlot()), serial(d));
            jdbc.update("INSERT INTO device_state (id, dms_owner, status, creation_timestamp, next_transition_at, tags)"
                    + " VALUES (?, ?, ?, ?, ?, " + json() + ")", d.id(), d.dmsOwner(), d.status().name(),
                    d.creationTimestamp().toEpochMilli(), null, Json.write(d.tags()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Device> find(String id, boolean lock) {
        return jdbc.queryOne("SELECT " + JOINED + " WHERE d.id = ?" + lock(lock), JdbcDeviceRepository::map, id)
                .map(this::withEvents);
    }

    @Override
    public Optional<Device> findByCertificate(String serialNumber, boolean lock) {
        return jdbc.queryOne("SELECT " + JOINED + " WHERE d.cert_serial = ?" + lock(lock),
                JdbcDeviceRepository::map, serialNumber);
    }

    @Override
    public void update(Device d, Instant next) {
        try {
            jdbc.update("UPDATE devices SET tags = " + json() + ", metadata = " + json() + ", identity_slot = " + json()
                            + ", cert_serial = ? WHERE id = ?",
                    Json.write(d.tags()), Json.write(d.metadata()), slotJson(d.identitySlot()), serial(d), d.id());
            jdbc.update("UPDATE device_state SET status = ?, next_transition_at = ?, tags = " + json() + " WHERE id = ?",
                    d.status().name(), next == null ? null : next.toEpochMilli(), Json.write(d.tags()), d.id());
        } catch (DuplicateKeyException e) {
            throw LamassuException.conflict("CERTIFICATE_BOUND_TO_OTHER_DEVICE",
                    "certificate '" + serial(d) + "' is already bound to another device");
        }
    }

    @Override
    public boolean delete(String id) {
        // The state row first: it waits for any transaction that holds the device's lock (and may
        // still add an event); on PostgreSQL no foreign key removes events afterwards (V402).
        jdbc.update("DELETE FROM device_state WHERE id = ?", id);
        jdbc.update("DELETE FROM device_events WHERE device_id = ?", id);
        return jdbc.update("DELETE FROM devices WHERE id = ?", id) > 0;
    }

    @Override
    public void addEvent(String deviceId, EventScope scope, DeviceEvent e) {
        jdbc.update("INSERT INTO device_events (device_id, scope, at, type, description) VALUES (?, ?, ?, ?, ?)",
                deviceId, scope.name(), e.timestamp().toEpochMilli(), e.type(), e.description());
    }

    @Override
    public Page<Device> list(ListQuery query) {
        Page<Device> page = sqlFor(query.filters()).page(query, JdbcDeviceRepository::map);
        Map<String, List<Object[]>> events = eventsOf(page.list().stream().map(Device::id).toList());
        return page.map(d -> attach(d, events.getOrDefault(d.id(), List.of())));
    }

    @Override
    public Page<DeviceEventEntry> events(ListQuery query) {
        return eventsSql.page(query, rs -> new DeviceEventEntry(Long.toString(rs.getLong("seq")),
                rs.getString("device_id"), rs.getString("scope"), Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("type"), rs.getString("description")));
    }

    /**
     * A status filter (equality) drives the listing from device_state's (status, creation, id)
     * index; without one, devices' own indexes drive it.
     */
    private ListSql sqlFor(List<Filter> filters) {
        return filters.stream().anyMatch(f -> f.field().name().equals("status") && f.operator() == FilterOperator.EQ)
                ? byStatusSql : listSql;
    }

    /**
     * Unfiltered, per-DMS and (PostgreSQL) single-tag stats read the trigger-maintained counts (a
     * few dozen rows); any other filter is one GROUP BY over the devices it selects.
     */
    @Override
    public Map<DeviceStatus, Long> countByStatus(List<Filter> filters) {
        List<Object> params = new ArrayList<>();
        String sql;
        Filter only = filters.size() == 1 ? filters.get(0) : null;
        if (filters.isEmpty()) {
            sql = "SELECT status, SUM(n) FROM device_status_counts GROUP BY status";
        } else if (only != null && only.field().name().equals("dms_owner") && only.operator() == FilterOperator.EQ) {
            params.add(only.value());
            sql = "SELECT status, SUM(n) FROM device_status_counts WHERE dms_owner = ? GROUP BY status";
        } else if (only != null && only.field().name().equals("tags") && only.operator() == FilterOperator.CONTAINS
                && jdbc.dialect() == Dialect.POSTGRES) {
            params.add(only.value());
            sql = "SELECT status, SUM(n) FROM device_tag_counts WHERE tag = ? GROUP BY status";
        } else {
            sql = "SELECT status, COUNT(*) FROM device_rows WHERE " + listSql.where(filters, params)
                    + " GROUP BY status";
        }
        Map<DeviceStatus, Long> out = new EnumMap<>(DeviceStatus.class);
        jdbc.queryList(sql, rs -> out.put(DeviceStatus.valueOf(rs.getString(1)), rs.getLong(2)), params);
        return out;
    }

    @Override
    public long countByDms(String dmsId) {
        return jdbc.count("SELECT COUNT(*) FROM devices WHERE dms_owner = ?", dmsId);
    }

    @Override
    public boolean hasDue(Instant now) {
        // MIN() always reads the first entry of the partial index, whatever the row estimates say;
        // "WHERE next_transition_at <= ? LIMIT 1" turned into a 1M-row seq scan under stale statistics.
        Long first = jdbc.query("SELECT MIN(next_transition_at) FROM device_state WHERE next_transition_at IS NOT NULL",
                rs -> rs.getObject(1) == null ? null : rs.getLong(1)).get(0);
        return first != null && first <= now.toEpochMilli();
    }

    @Override
    public List<Device> claimDue(Instant now, int limit) {
        // Only the narrow state rows are locked: the lifecycle never writes the wide devices row.
        String skipLocked = jdbc.dialect() == Dialect.POSTGRES ? " FOR UPDATE OF s SKIP LOCKED" : "";
        return jdbc.query("SELECT " + JOINED + " WHERE s.next_transition_at <= ? ORDER BY s.next_transition_at"
                + " LIMIT " + limit + skipLocked, JdbcDeviceRepository::map, now.toEpochMilli());
    }

    /** Two on PostgreSQL (claims are disjoint under SKIP LOCKED); one on SQLite (a single writer). */
    @Override
    public int concurrentBatches() {
        return jdbc.dialect() == Dialect.POSTGRES ? 2 : 1;
    }

    @Override
    public Optional<BatchResult> transitionDue(Instant now, int limit, OutboxInsert events) {
        return jdbc.dialect() == Dialect.POSTGRES ? Optional.of(transitions.run(now, limit, events)) : Optional.empty();
    }

    @Override
    public void applyTransitions(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        // The slot's status is not written: it is derived from the device status on read (slotStatus).
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (Transition t : transitions) {
            values.append(values.length() == 0 ? "" : ", ").append("(?, ?, CAST(? AS BIGINT))");
            params.add(t.updated().id());
            params.add(t.updated().status().name());
            params.add(t.nextTransitionAt() == null ? null : t.nextTransitionAt().toEpochMilli());
        }
        jdbc.update("UPDATE device_state SET status = v.column2, next_transition_at = v.column3 FROM (VALUES "
                + values + ") AS v WHERE device_state.id = v.column1", params.toArray());
        insertEvents(transitions);
    }

    private void insertEvents(List<Transition> transitions) {
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (Transition t : transitions) {
            if (t.event() != null) {
                values.append(values.length() == 0 ? "" : ", ").append("(?, 'DEVICE', ?, ?, ?)");
                params.add(t.updated().id());
                params.add(t.event().timestamp().toEpochMilli());
                params.add(t.event().type());
                params.add(t.event().description());
            }
        }
        if (!params.isEmpty()) {
            jdbc.update("INSERT INTO device_events (device_id, scope, at, type, description) VALUES " + values,
                    params.toArray());
        }
    }

    private Device withEvents(Device d) {
        return attach(d, eventsOf(List.of(d.id())).getOrDefault(d.id(), List.of()));
    }

    /** Events of a page of devices in one query (rows: device id, scope, event). */
    private Map<String, List<Object[]>> eventsOf(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = ids.stream().map(i -> "?").collect(Collectors.joining(", "));
        Map<String, List<Object[]>> out = new HashMap<>();
        jdbc.queryList("SELECT device_id, scope, at, type, description FROM device_events WHERE device_id IN (" + marks
                + ") ORDER BY device_id, seq", rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Object[] {rs.getString(2), new DeviceEvent(Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4), rs.getString(5))}), ids);
        return out;
    }

    private static Device attach(Device d, List<Object[]> rows) {
        List<DeviceEvent> device = new ArrayList<>();
        List<DeviceEvent> slot = new ArrayList<>();
        for (Object[] r : rows) {
            (EventScope.SLOT.name().equals(r[0]) ? slot : device).add((DeviceEvent) r[1]);
        }
        IdentitySlot s = d.identitySlot() == null ? null : d.identitySlot().withEvents(slot);
        return d.withStatus(d.status(), s).withEvents(device);
    }

    static Device map(ResultSet rs) throws SQLException {
        String slot = rs.getString("identity_slot");
        DeviceStatus status = DeviceStatus.valueOf(rs.getString("status"));
        return new Device(rs.getString("id"), rs.getString("dms_owner"), status,
                Instant.ofEpochMilli(rs.getLong("creation_timestamp")),
                Json.read(rs.getString("tags"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { }),
                Json.readMap(rs.getString("metadata")),
                slot == null ? null : Json.read(slot, IdentitySlot.class).withStatus(slotStatus(status)), List.of());
    }

    /**
     * The slot mirrors the device status (a decommissioned device's slot is REVOKED, as
     * DeviceChanges writes it); deriving it on read lets a transition write device_state only.
     */
    private static DeviceStatus slotStatus(DeviceStatus device) {
        return device == DeviceStatus.DECOMMISSIONED ? DeviceStatus.REVOKED : device;
    }

    private static String slotJson(IdentitySlot s) {
        return s == null ? null : Json.write(s.withEvents(List.of()));
    }

    private static String serial(Device d) {
        return d.identitySlot() == null ? null : d.identitySlot().serialNumber();
    }
}
