package io.lamassu.audit.storage;

import io.lamassu.audit.AuditFields;
import io.lamassu.audit.AuditLog;
import io.lamassu.audit.AuditRecord;
import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code audit_records} view (V890) through the list-query engine. */
public final class JdbcAuditLog implements AuditLog {
    private final ListSql listSql;

    public JdbcAuditLog(Jdbc jdbc) {
        this.listSql = new ListSql(jdbc, "audit_records", AuditFields.FIELDS);
    }

    @Override
    public Page<AuditRecord> list(ListQuery query) {
        return listSql.page(query, JdbcAuditLog::map);
    }

    private static AuditRecord map(ResultSet rs) throws SQLException {
        return new AuditRecord(Long.toString(rs.getLong("id")), Instant.ofEpochMilli(rs.getLong("at")),
                new AuditRecord.Actor(rs.getString("actor_type"), rs.getString("actor_id")), rs.getString("action"),
                new AuditRecord.Resource(rs.getString("object_type"), rs.getString("object_id")),
                rs.getString("outcome"), rs.getString("detail"), rs.getString("request_id"));
    }
}
