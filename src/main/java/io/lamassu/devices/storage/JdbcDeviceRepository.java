package io.lamassu.devices.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.FilterOperator;
import io.lamassu.common.query.ListQuery;
import io.lamassu.devices.Device;
import io.lamassu.devices.DeviceEvent;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceRepository;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.devices.IdentitySlot;
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

/** Devices in the {@code devices} table; events in {@code device_events}. */
public final class JdbcDeviceRepository implements DeviceRepository {
    private static final String COLUMNS = "id, dms_owner, status, creation_timestamp, tags, metadata, identity_slot";
    private final Jdbc jdbc;
    private final ListSql listSql;

    public JdbcDeviceRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "devices", DeviceFields.FIELDS);
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
            jdbc.update("INSERT INTO devices (" + COLUMNS + ", cert_serial, next_transition_at) VALUES (?, ?, ?, ?, "
                            + json() + ", " + json() + ", " + json() + ", ?, ?)",
                    d.id(), d.dmsOwner(), d.status().name(), d.creationTimestamp().toEpochMilli(), Json.write(d.tags()),
                    Json.write(d.metadata()), slotJson(d.identitySlot()), serial(d), null);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Device> find(String id, boolean lock) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM devices WHERE id = ?" + lock(lock), JdbcDeviceRepository::map, id)
                .map(this::withEvents);
    }

    @Override
    public Optional<Device> findByCertificate(String serialNumber, boolean lock) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM devices WHERE cert_serial = ?" + lock(lock),
                JdbcDeviceRepository::map, serialNumber);
    }

    @Override
    public void update(Device d, Instant next) {
        try {
            jdbc.update("UPDATE devices SET status = ?, tags = " + json() + ", metadata = " + json()
                            + ", identity_slot = " + json() + ", cert_serial = ?, next_transition_at = ? WHERE id = ?",
                    d.status().name(), Json.write(d.tags()), Json.write(d.metadata()), slotJson(d.identitySlot()),
                    serial(d), next == null ? null : next.toEpochMilli(), d.id());
        } catch (DuplicateKeyException e) {
            throw LamassuException.conflict("CERTIFICATE_BOUND_TO_OTHER_DEVICE",
                    "certificate '" + serial(d) + "' is already bound to another device");
        }
    }

    @Override
    public boolean delete(String id) {
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
        Page<Device> page = listSql.page(query, JdbcDeviceRepository::map);
        Map<String, List<Object[]>> events = eventsOf(page.list().stream().map(Device::id).toList());
        return page.map(d -> attach(d, events.getOrDefault(d.id(), List.of())));
    }

    /**
     * Unfiltered and per-DMS stats read the trigger-maintained counts (a few dozen rows); any other
     * filter is one GROUP BY over the devices it selects.
     */
    @Override
    public Map<DeviceStatus, Long> countByStatus(List<Filter> filters) {
        List<Object> params = new ArrayList<>();
        String sql;
        if (filters.isEmpty()) {
            sql = "SELECT status, SUM(n) FROM device_status_counts GROUP BY status";
        } else if (filters.size() == 1 && filters.get(0).field().name().equals("dms_owner")
                && filters.get(0).operator() == FilterOperator.EQ) {
            params.add(filters.get(0).value());
            sql = "SELECT status, SUM(n) FROM device_status_counts WHERE dms_owner = ? GROUP BY status";
        } else {
            sql = "SELECT status, COUNT(*) FROM devices WHERE " + listSql.where(filters, params) + " GROUP BY status";
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
        Long first = jdbc.query("SELECT MIN(next_transition_at) FROM devices WHERE next_transition_at IS NOT NULL",
                rs -> rs.getObject(1) == null ? null : rs.getLong(1)).get(0);
        return first != null && first <= now.toEpochMilli();
    }

    @Override
    public List<Device> claimDue(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE next_transition_at <= ? ORDER BY next_transition_at"
                        + " LIMIT " + limit + jdbc.dialect().skipLocked(), JdbcDeviceRepository::map, now.toEpochMilli());
    }

    @Override
    public void applyTransitions(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (Transition t : transitions) {
            values.append(values.length() == 0 ? "" : ", ").append("(?, ?, ?, CAST(? AS BIGINT))");
            params.add(t.updated().id());
            params.add(t.updated().status().name());
            params.add(slotJson(t.updated().identitySlot()));
            params.add(t.nextTransitionAt() == null ? null : t.nextTransitionAt().toEpochMilli());
        }
        String slot = jdbc.dialect() == Dialect.POSTGRES ? "CAST(v.column3 AS jsonb)" : "v.column3";
        jdbc.update("UPDATE devices SET status = v.column2, identity_slot = " + slot
                + ", next_transition_at = v.column4 FROM (VALUES " + values + ") AS v WHERE devices.id = v.column1",
                params.toArray());
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
        return new Device(rs.getString("id"), rs.getString("dms_owner"), DeviceStatus.valueOf(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("creation_timestamp")),
                Json.read(rs.getString("tags"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { }),
                Json.readMap(rs.getString("metadata")),
                slot == null ? null : Json.read(slot, IdentitySlot.class), List.of());
    }

    private static String slotJson(IdentitySlot s) {
        return s == null ? null : Json.write(s.withEvents(List.of()));
    }

    private static String serial(Device d) {
        return d.identitySlot() == null ? null : d.identitySlot().serialNumber();
    }
}
