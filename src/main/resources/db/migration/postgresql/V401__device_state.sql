-- Lifecycle columns move to a narrow table. A status change cannot be a HOT update (status is
-- indexed), so on the wide devices row it wrote a new ~600-byte tuple plus entries in all eight
-- device indexes (both GIN indexes included): 500 transitions took 60-85 ms. On device_state
-- the same UPDATE writes a ~70-byte tuple and three index entries: 9-10 ms (BENCHMARKS.md).
-- dms_owner and creation_timestamp are copied (both immutable) so that listings by status and
-- the status counts never read the wide row.
CREATE TABLE device_state (
    id                  TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    dms_owner           TEXT NOT NULL,
    status              TEXT NOT NULL,
    creation_timestamp  BIGINT NOT NULL,
    -- when the status must next be re-evaluated (RENEWAL_WINDOW, ABOUT_TO_EXPIRE, EXPIRED); NULL = never
    next_transition_at  BIGINT
);
INSERT INTO device_state (id, dms_owner, status, creation_timestamp, next_transition_at)
    SELECT id, dms_owner, status, creation_timestamp, next_transition_at FROM devices;
CREATE INDEX device_state_status ON device_state (status, creation_timestamp, id);
CREATE INDEX device_state_due ON device_state (next_transition_at) WHERE next_transition_at IS NOT NULL;
ALTER TABLE device_state SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

DROP TRIGGER devices_counts_insert ON devices;
DROP TRIGGER devices_counts_delete ON devices;
DROP TRIGGER devices_counts_update ON devices;
DROP INDEX devices_status;
DROP INDEX devices_due;
ALTER TABLE devices DROP COLUMN status, DROP COLUMN next_transition_at;

-- A device as the API lists it. device_rows is driven by devices (its indexes serve every
-- filter but status); device_rows_by_status is driven by device_state, so that a status filter
-- with keyset pagination runs on device_state_status at any depth. The slot's status is not
-- written by transitions (only device_state is); it mirrors the device status (REVOKED for a
-- decommissioned device) and is overlaid here so that identity_slot filters see it.
CREATE VIEW device_rows AS
    SELECT d.id, d.dms_owner, s.status, d.creation_timestamp, d.tags, d.metadata,
           jsonb_set(d.identity_slot, '{status}', to_jsonb(CASE s.status WHEN 'DECOMMISSIONED' THEN 'REVOKED' ELSE s.status END)) AS identity_slot,
           d.cert_serial,
           s.next_transition_at
      FROM devices d JOIN device_state s ON s.id = d.id;
CREATE VIEW device_rows_by_status AS
    SELECT s.id, s.dms_owner, s.status, s.creation_timestamp, d.tags, d.metadata,
           jsonb_set(d.identity_slot, '{status}', to_jsonb(CASE s.status WHEN 'DECOMMISSIONED' THEN 'REVOKED' ELSE s.status END)) AS identity_slot,
           d.cert_serial,
           s.next_transition_at
      FROM device_state s JOIN devices d ON d.id = s.id;

-- Status counts (per DMS) and per-tag status counts, so that unfiltered, per-DMS and per-tag stats
-- read a few rows. Per-tag counts make stats filtered by one tag read a few rows instead of visiting
-- every matching device (484 ms for 67k devices). Kept by statement-level triggers on
-- device_state, which carries a copy of the tags for this purpose (written with them; not
-- indexed): a trigger that joined the wide devices row cost 20 ms per 500 transitions.
ALTER TABLE device_state ADD COLUMN tags JSONB NOT NULL DEFAULT '[]';
UPDATE device_state s SET tags = d.tags FROM devices d WHERE d.id = s.id;
ALTER TABLE device_state ALTER COLUMN tags DROP DEFAULT;
CREATE TABLE device_tag_counts (
    tag     TEXT NOT NULL,
    status  TEXT NOT NULL,
    shard   INT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (tag, status, shard)
);
INSERT INTO device_tag_counts (tag, status, shard, n)
    SELECT t.tag, s.status, 0, COUNT(*) FROM device_state s, jsonb_array_elements_text(s.tags) AS t(tag) GROUP BY 1, 2;

-- One statement-level trigger per operation keeps both count tables. The shard is chosen per
-- transaction (txid & 7) instead of per device: a batch of 500 transitions then upserts one row
-- per (dms, status) and (tag, status) instead of eight, and concurrent transactions (registrations,
-- several lifecycle workers) mostly land on different shards. Sorted inserts keep the lock order
-- fixed, so concurrent statements wait for each other but never deadlock.
DROP FUNCTION device_counts_insert();
DROP FUNCTION device_counts_delete();
DROP FUNCTION device_counts_update();

CREATE FUNCTION device_state_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE my_shard INT := (txid_current() & 7)::INT;
BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n)
    SELECT dms_owner, status, my_shard, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n;
    INSERT INTO device_tag_counts (tag, status, shard, n)
    SELECT t.tag, n.status, my_shard, COUNT(*) FROM new_rows n, jsonb_array_elements_text(n.tags) t(tag)
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tag, status, shard) DO UPDATE SET n = device_tag_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION device_state_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE my_shard INT := (txid_current() & 7)::INT;
BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n)
    SELECT dms_owner, status, my_shard, -COUNT(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n;
    INSERT INTO device_tag_counts (tag, status, shard, n)
    SELECT t.tag, o.status, my_shard, -COUNT(*) FROM old_rows o, jsonb_array_elements_text(o.tags) t(tag)
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tag, status, shard) DO UPDATE SET n = device_tag_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION device_state_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE my_shard INT := (txid_current() & 7)::INT;
BEGIN
    -- One pass over the transition tables feeds both count tables (a data-modifying CTE).
    WITH changes AS MATERIALIZED (
        SELECT o.dms_owner, o.status, o.tags, -1 AS delta FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.status <> o.status OR n.tags <> o.tags OR n.dms_owner <> o.dms_owner
        UNION ALL
        SELECT n.dms_owner, n.status, n.tags, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.status <> o.status OR n.tags <> o.tags OR n.dms_owner <> o.dms_owner
    ), by_dms AS (
        INSERT INTO device_status_counts (dms_owner, status, shard, n)
        SELECT c.dms_owner, c.status, my_shard, SUM(c.delta) FROM changes c GROUP BY 1, 2 HAVING SUM(c.delta) <> 0
         ORDER BY 1, 2
        ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n
    )
    INSERT INTO device_tag_counts (tag, status, shard, n)
    SELECT t.tag, c.status, my_shard, SUM(c.delta) FROM changes c, jsonb_array_elements_text(c.tags) t(tag)
     GROUP BY 1, 2 HAVING SUM(c.delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (tag, status, shard) DO UPDATE SET n = device_tag_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER device_state_counts_insert AFTER INSERT ON device_state REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION device_state_insert();
CREATE TRIGGER device_state_counts_delete AFTER DELETE ON device_state REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION device_state_delete();
CREATE TRIGGER device_state_counts_update AFTER UPDATE ON device_state REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION device_state_update();

-- Device events reference the narrow row: the foreign-key check of every event insert takes a
-- KEY SHARE lock on the referenced row, and on device_state the transition already holds it.
ALTER TABLE device_events DROP CONSTRAINT device_events_device_id_fkey;
ALTER TABLE device_events ADD CONSTRAINT device_events_device_id_fkey FOREIGN KEY (device_id)
    REFERENCES device_state (id) ON DELETE CASCADE;
