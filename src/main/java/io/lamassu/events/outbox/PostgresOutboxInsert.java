package io.lamassu.events.outbox;

import io.lamassu.events.OutboxInsert;
import java.util.List;

/** {@link OutboxInsert} for PostgreSQL: event ids come from {@code gen_random_uuid()} (PostgreSQL 13+). */
record PostgresOutboxInsert(List<Object> params, Runnable onWritten) implements OutboxInsert {
    @Override
    public String insertSelect(String subjectSql, String dataSql, String fromSql) {
        return "INSERT INTO event_outbox (event_id, type, source, subject, created_at, auth_type, auth_id, data)"
                + " SELECT gen_random_uuid()::text, CAST(? AS TEXT), CAST(? AS TEXT), " + subjectSql
                + ", CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), " + dataSql + " FROM " + fromSql;
    }

    @Override
    public void written() {
        onWritten.run();
    }
}
