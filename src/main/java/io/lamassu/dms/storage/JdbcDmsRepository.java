package io.lamassu.dms.storage;

import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsFields;
import io.lamassu.dms.DmsRepository;
import io.lamassu.dms.DmsSettings;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DMSs in the {@code dms} table; settings stored as one JSON document. */
public final class JdbcDmsRepository implements DmsRepository {
    private final Jdbc jdbc;
    private final ListSql listSql;

    public JdbcDmsRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "dms", DmsFields.FIELDS);
    }

    @Override
    public boolean insert(Dms d) {
        String json = jdbc.dialect().jsonParam();
        try {
            jdbc.update("INSERT INTO dms (id, name, creation_ts, metadata, settings) VALUES (?, ?, ?, " + json + ", "
                    + json + ")", d.id(), d.name(), d.creationTs().toEpochMilli(), Json.write(d.metadata()),
                    Json.write(d.settings()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Dms> find(String id, boolean lock) {
        String forUpdate = lock && jdbc.dialect() == Dialect.POSTGRES ? " FOR UPDATE" : "";
        return jdbc.queryOne("SELECT * FROM dms WHERE id = ?" + forUpdate, JdbcDmsRepository::map, id);
    }

    @Override
    public void update(Dms d) {
        String json = jdbc.dialect().jsonParam();
        jdbc.update("UPDATE dms SET name = ?, metadata = " + json + ", settings = " + json + " WHERE id = ?",
                d.name(), Json.write(d.metadata()), Json.write(d.settings()), d.id());
    }

    @Override
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM dms WHERE id = ?", id) > 0;
    }

    @Override
    public Page<Dms> list(ListQuery query) {
        return listSql.page(query, JdbcDmsRepository::map);
    }

    @Override
    public long count(List<Filter> filters) {
        List<Object> params = new ArrayList<>();
        String where = listSql.where(filters, params);
        return jdbc.queryList("SELECT COUNT(*) FROM dms WHERE " + where, rs -> rs.getLong(1), params).get(0);
    }

    private static Dms map(ResultSet rs) throws SQLException {
        return new Dms(rs.getString("id"), rs.getString("name"), Json.readMap(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("creation_ts")), Json.read(rs.getString("settings"), DmsSettings.class));
    }
}
