package io.lamassu.devices.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.ListQuery;
import io.lamassu.devices.DeviceGroup;
import io.lamassu.devices.DeviceGroupRepository;
import io.lamassu.devices.DeviceGroupService;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Device groups in {@code device_groups}; children cascade with their parent (FK). */
public final class JdbcDeviceGroupRepository implements DeviceGroupRepository {
    private static final TypeReference<List<DeviceGroup.Criterion>> CRITERIA = new TypeReference<>() {
    };
    private final Jdbc jdbc;
    private final ListSql listSql;

    public JdbcDeviceGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "device_groups", DeviceGroupService.FIELDS);
    }

    @Override
    public void insert(DeviceGroup g) {
        try {
            jdbc.update("INSERT INTO device_groups (id, name, description, parent_id, criteria, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, " + jdbc.dialect().jsonParam() + ", ?, ?)",
                    g.id(), g.name(), g.description(), g.parentId(), Json.write(g.criteria()),
                    g.createdAt().toEpochMilli(), g.updatedAt().toEpochMilli());
        } catch (DuplicateKeyException e) {
            throw duplicate(g);
        }
    }

    @Override
    public Optional<DeviceGroup> find(String id) {
        return jdbc.queryOne("SELECT * FROM device_groups WHERE id = ?", JdbcDeviceGroupRepository::map, id);
    }

    @Override
    public void update(DeviceGroup g) {
        try {
            jdbc.update("UPDATE device_groups SET name = ?, description = ?, parent_id = ?, criteria = "
                            + jdbc.dialect().jsonParam() + ", updated_at = ? WHERE id = ?",
                    g.name(), g.description(), g.parentId(), Json.write(g.criteria()), g.updatedAt().toEpochMilli(),
                    g.id());
        } catch (DuplicateKeyException e) {
            throw duplicate(g);
        }
    }

    @Override
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM device_groups WHERE id = ?", id) > 0;
    }

    @Override
    public Page<DeviceGroup> list(ListQuery query) {
        return listSql.page(query, JdbcDeviceGroupRepository::map);
    }

    private static LamassuException duplicate(DeviceGroup g) {
        return LamassuException.conflict("DEVICE_GROUP_ALREADY_EXISTS",
                "a device group with id '" + g.id() + "' or name '" + g.name() + "' already exists");
    }

    private static DeviceGroup map(ResultSet rs) throws SQLException {
        return new DeviceGroup(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("parent_id"), Json.read(rs.getString("criteria"), CRITERIA), List.of(),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
