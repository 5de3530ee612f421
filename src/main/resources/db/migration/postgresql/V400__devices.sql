-- Devices, sized for millions of rows: every list filter of the API has an index that also
-- yields the default order (creation_timestamp, id), so keyset pages cost the same at any depth.
CREATE TABLE devices (
    id                  TEXT PRIMARY KEY,
    dms_owner           TEXT NOT NULL REFERENCES dms (id),
    status              TEXT NOT NULL,
    creation_timestamp  BIGINT NOT NULL,
    tags                JSONB NOT NULL,
    metadata            JSONB NOT NULL,
    identity_slot       JSONB,
    -- serial of the active identity certificate: certificate → device lookups (status listener)
    cert_serial         TEXT,
    -- when the status must next be re-evaluated (RENEWAL_WINDOW, ABOUT_TO_EXPIRE, EXPIRED); NULL = never
    next_transition_at  BIGINT
);
CREATE INDEX devices_created ON devices (creation_timestamp, id);
CREATE INDEX devices_status ON devices (status, creation_timestamp, id);
CREATE INDEX devices_dms ON devices (dms_owner, creation_timestamp, id);
CREATE INDEX devices_tags ON devices USING GIN (tags jsonb_path_ops);
CREATE INDEX devices_metadata ON devices USING GIN (metadata jsonb_path_ops);
CREATE UNIQUE INDEX devices_cert_serial ON devices (cert_serial) WHERE cert_serial IS NOT NULL;
CREATE INDEX devices_due ON devices (next_transition_at) WHERE next_transition_at IS NOT NULL;
-- Lifecycle bursts update many rows: vacuum and re-analyze after 2 % changes (default 20 %), so that
-- index-only scans (stats) stay index-only and row estimates stay current.
ALTER TABLE devices SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- Device-level and identity-slot events (upstream's events maps), append-only.
CREATE TABLE device_events (
    seq         BIGSERIAL PRIMARY KEY,
    device_id   TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    type        TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX device_events_device ON device_events (device_id, seq);

-- Dynamic groups: membership is always evaluated from the criteria, never stored.
CREATE TABLE device_groups (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL,
    parent_id    TEXT REFERENCES device_groups (id) ON DELETE CASCADE,
    criteria     JSONB NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX device_groups_parent ON device_groups (parent_id);

-- Status counts kept by statement-level triggers, so that fleet-wide (and per-DMS) stats read a
-- few dozen rows instead of counting a million index entries. Each (dms, status) count is split
-- over 8 shards so that concurrent registrations rarely wait for the same row; one sorted INSERT
-- per statement keeps the lock order fixed (no deadlocks between concurrent batches).
CREATE TABLE device_status_counts (
    dms_owner  TEXT NOT NULL,
    status     TEXT NOT NULL,
    shard      INT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (dms_owner, status, shard)
);

CREATE FUNCTION device_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n)
    SELECT dms_owner, status, hashtext(id) & 7, COUNT(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION device_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n)
    SELECT dms_owner, status, hashtext(id) & 7, -COUNT(*) FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION device_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n)
    SELECT dms_owner, status, shard, SUM(d) FROM (
        SELECT o.dms_owner, o.status, hashtext(o.id) & 7 AS shard, -1 AS d
          FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.status <> o.status OR n.dms_owner <> o.dms_owner
        UNION ALL
        SELECT n.dms_owner, n.status, hashtext(n.id) & 7, 1
          FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.status <> o.status OR n.dms_owner <> o.dms_owner
    ) changes GROUP BY 1, 2, 3 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = device_status_counts.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER devices_counts_insert AFTER INSERT ON devices REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION device_counts_insert();
CREATE TRIGGER devices_counts_delete AFTER DELETE ON devices REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION device_counts_delete();
CREATE TRIGGER devices_counts_update AFTER UPDATE ON devices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION device_counts_update();
