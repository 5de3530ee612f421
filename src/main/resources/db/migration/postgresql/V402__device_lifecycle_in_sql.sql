-- The lifecycle now writes each batch with one set-based statement (PostgresTransitions). Two
-- per-row costs of that statement are removed here; measured on 1M devices, 100k transitions,
-- two workers on the 2-core VM (BENCHMARKS.md, Devices).

-- 1. The foreign key of device_events: its per-row check (an RI trigger probing and KEY SHARE
-- locking device_state) cost ~20 % of a batch (23,000 -> 28,000-30,000 transitions/s without it).
-- Integrity is kept by the writers instead: every event is written by a transaction that holds the
-- device's row lock (services lock with find(id, true) first; the lifecycle claims FOR UPDATE),
-- and JdbcDeviceRepository.delete removes the events after locking and deleting the state row,
-- in the same transaction. The contract tests check that no event outlives its device.
ALTER TABLE device_events DROP CONSTRAINT device_events_device_id_fkey;

-- 2. The update trigger joined old_rows to new_rows twice (once per sign) and expanded the tags
-- of every changed row. One join now yields both signed rows, and tags are expanded once per
-- distinct (tags, status) group: 9.5-11 ms -> 7 ms per 1,000 transitions. Same counts.
CREATE OR REPLACE FUNCTION device_state_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE my_shard INT := (txid_current() & 7)::INT;
BEGIN
    WITH changes AS MATERIALIZED (
        SELECT v.dms_owner, v.status, v.tags, v.delta
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         CROSS JOIN LATERAL (VALUES (o.dms_owner, o.status, o.tags, -1), (n.dms_owner, n.status, n.tags, 1))
               AS v (dms_owner, status, tags, delta)
         WHERE n.status <> o.status OR n.tags <> o.tags OR n.dms_owner <> o.dms_owner
    ), by_dms AS (
        INSERT INTO device_status_counts (dms_owner, status, shard, n)
        SELECT c.dms_owner, c.status, my_shard, SUM(c.delta) FROM changes c GROUP BY 1, 2 HAVING SUM(c.delta) <> 0
         ORDER BY 1, 2
        ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n
    ), by_tags AS (
        SELECT c.tags, c.status, SUM(c.delta) AS delta FROM changes c GROUP BY 1, 2
    )
    INSERT INTO device_tag_counts (tag, status, shard, n)
    SELECT t.tag, g.status, my_shard, SUM(g.delta) FROM by_tags g, jsonb_array_elements_text(g.tags) t(tag)
     GROUP BY 1, 2 HAVING SUM(g.delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (tag, status, shard) DO UPDATE SET n = device_tag_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;
