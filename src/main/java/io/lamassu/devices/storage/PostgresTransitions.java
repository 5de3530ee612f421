package io.lamassu.devices.storage;

import io.lamassu.devices.DeviceRepository.BatchResult;
import io.lamassu.events.OutboxInsert;
import io.lamassu.storage.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One lifecycle batch on PostgreSQL as a single statement of data-modifying CTEs: claim due state
 * rows (SKIP LOCKED), compute each status from the slot thresholds, write the state rows, the
 * device events and the {@code device.status.update} outbox rows. The same rules as
 * {@link io.lamassu.devices.DeviceLifecycle} and the same payload as the Java path (the repository
 * contract tests compare both); nothing round-trips through Java or its JSON mapper, which was
 * most of the batch's cost (BENCHMARKS.md, Devices).
 */
final class PostgresTransitions {
    private static final String TIME_DRIVEN = "('ACTIVE', 'RENEWAL_WINDOW', 'ABOUT_TO_EXPIRE')";
    private final Jdbc jdbc;

    PostgresTransitions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    BatchResult run(Instant now, int limit, OutboxInsert outbox) {
        List<Object> params = new ArrayList<>(List.of(now.toEpochMilli(), now.toEpochMilli()));
        params.addAll(outbox.params());
        String sql = "WITH " + claimed(limit) + ", " + slots() + ", " + computed() + ", " + moved() + ", " + events()
                + ", " + documents() + ", published AS (" + outbox.insertSelect("'device/' || c.id", payload(), "documents c")
                + ") SELECT COUNT(*), COUNT(*) FILTER (WHERE changed) FROM computed";
        BatchResult result = jdbc.writeReturning(sql, rs -> new BatchResult(rs.getInt(1), rs.getInt(2)), params).get(0);
        if (result.changed() > 0) {
            outbox.written();
        }
        return result;
    }

    /** Only the narrow state rows are locked: the lifecycle never writes the wide devices row. */
    private static String claimed(int limit) {
        return "claimed AS MATERIALIZED (SELECT id, status FROM device_state WHERE next_transition_at <= ?"
                + " ORDER BY next_transition_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED)";
    }

    /**
     * The thresholds as exact epoch milliseconds (numeric, so sub-millisecond thresholds compare
     * as Instant.isBefore does). The slot is stored as the Java path writes it (ISO-8601 UTC).
     * MATERIALIZED: inlined, every reference in the CASEs below parsed the timestamps again.
     */
    private static String slots() {
        return "slots AS MATERIALIZED (SELECT c.id, c.status AS before, CAST(? AS BIGINT) AS now, d.dms_owner, d.creation_timestamp,"
                + " d.tags, d.metadata, d.identity_slot, " + millis("renewal_window_at") + " AS rw, "
                + millis("about_to_expire_at") + " AS ate, " + millis("expiration_date") + " AS exp"
                + " FROM claimed c JOIN devices d ON d.id = c.id)";
    }

    private static String millis(String member) {
        return "EXTRACT(EPOCH FROM CAST(d.identity_slot ->> '" + member + "' AS TIMESTAMPTZ)) * 1000";
    }

    /** DeviceLifecycle.at in SQL; devices without a slot or not time-driven keep their status and leave the schedule. */
    private static String computed() {
        String fixed = "s.identity_slot IS NULL OR s.before NOT IN " + TIME_DRIVEN;
        String after = "CASE WHEN " + fixed + " THEN s.before WHEN s.now >= s.exp THEN 'EXPIRED'"
                + " WHEN s.now >= s.ate THEN 'ABOUT_TO_EXPIRE' WHEN s.now >= s.rw THEN 'RENEWAL_WINDOW' ELSE 'ACTIVE' END";
        String next = "CAST(FLOOR(CASE WHEN " + fixed + " OR s.now >= s.exp THEN NULL WHEN s.now >= s.ate THEN s.exp"
                + " WHEN s.now >= s.rw THEN LEAST(s.ate, s.exp) ELSE LEAST(s.rw, s.ate, s.exp) END) AS BIGINT)";
        return "staged AS (SELECT s.*, " + after + " AS after, " + next + " AS next FROM slots s),"
                + " computed AS MATERIALIZED (SELECT t.*, t.after <> t.before AS changed, " + iso("t.creation_timestamp")
                + " AS created FROM staged t)";
    }

    /** Jackson's Instant format (ISO_INSTANT): milliseconds only when not zero. */
    private static String iso(String millis) {
        String ts = "(TIMESTAMPTZ 'epoch' + " + millis + " * INTERVAL '1 millisecond') AT TIME ZONE 'UTC'";
        return "CASE WHEN MOD(" + millis + ", 1000) = 0 THEN to_char(" + ts + ", 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                + " ELSE to_char(" + ts + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') END";
    }

    private static String moved() {
        return "moved AS (UPDATE device_state t SET status = c.after, next_transition_at = c.next"
                + " FROM computed c WHERE t.id = c.id)";
    }

    private static String events() {
        return "logged AS (INSERT INTO device_events (device_id, scope, at, type, description)"
                + " SELECT c.id, 'DEVICE', c.now, 'STATUS-UPDATED',"
                + " 'Status updated from ''' || c.before || ''' to ''' || c.after || '''' FROM computed c WHERE c.changed)";
    }

    /**
     * Upstream's UpdateModel of two devices without histories, with Java's member order. Built as
     * text: the parts both documents share are rendered once per row (json_build_object rendered
     * tags, metadata and slot twice: ~15 against ~10 µs per event). Strings go through to_json
     * (escaping); tags, metadata and slot are jsonb, rendered by PostgreSQL.
     */
    private static String payload() {
        return "concat('{\"previous\":', c.head, c.before, c.body, " + slot("c.before") + ", ',\"events\":[]},"
                + "\"updated\":', c.head, c.after, c.body, " + slot("c.after") + ", ',\"events\":[]}}')";
    }

    /**
     * The changed rows with the parts both documents share, before and after the status;
     * MATERIALIZED so that each is rendered once, not once per reference.
     */
    private static String documents() {
        return "documents AS MATERIALIZED (SELECT c.*, concat('{\"id\":', to_json(c.id), ',\"dms_owner\":', to_json(c.dms_owner),"
                + " ',\"status\":\"') AS head, concat('\",\"creation_timestamp\":\"', c.created, '\",\"tags\":',"
                + " c.tags, ',\"metadata\":', c.metadata, ',\"identity_slot\":') AS body"
                + " FROM computed c WHERE c.changed)";
    }

    /** A time-driven status is its slot's status too (only DECOMMISSIONED differs, and it never changes here). */
    private static String slot(String status) {
        return "COALESCE(CAST(jsonb_set(c.identity_slot, '{status}', to_jsonb(" + status + ")) AS TEXT), 'null')";
    }
}
