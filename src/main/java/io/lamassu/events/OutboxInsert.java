package io.lamassu.events;

import java.util.List;

/**
 * Events that one set-based SQL statement writes into the transactional outbox itself, one per
 * row of a SELECT, with the payload built by the database. Batch jobs use it so that thousands of
 * events need no JSON round trip through Java (the lifecycle job on PostgreSQL). The envelope
 * (type, source, time, actor) is fixed when the publisher hands this out.
 */
public interface OutboxInsert {
    /**
     * An {@code INSERT ... SELECT} of one event per row of {@code fromSql}; {@code subjectSql} and
     * {@code dataSql} are SQL expressions over those rows (dataSql yields the payload's JSON text).
     * Usable as a data-modifying CTE; its {@link #params()} bind where the fragment sits.
     */
    String insertSelect(String subjectSql, String dataSql, String fromSql);

    /** The fragment's parameters, in order. */
    List<Object> params();

    /** To be called once the statement wrote events: the relay delivers them after commit. */
    void written();
}
