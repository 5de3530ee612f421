-- Lifecycle columns move to a narrow table (see the PostgreSQL migration for the measurements).
-- Per-tag counts exist only on PostgreSQL; SQLite stats with a tag filter count the matching rows.
CREATE TABLE device_state (
    id                  TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    dms_owner           TEXT NOT NULL,
    status              TEXT NOT NULL,
    creation_timestamp  BIGINT NOT NULL,
    next_transition_at  BIGINT,
    -- copy of devices.tags (PostgreSQL keeps per-tag counts from it; same shape here)
    tags                TEXT NOT NULL
);
INSERT INTO device_state (id, dms_owner, status, creation_timestamp, next_transition_at, tags)
    SELECT id, dms_owner, status, creation_timestamp, next_transition_at, tags FROM devices;
CREATE INDEX device_state_status ON device_state (status, creation_timestamp, id);
CREATE INDEX device_state_due ON device_state (next_transition_at) WHERE next_transition_at IS NOT NULL;

DROP TRIGGER devices_counts_insert;
DROP TRIGGER devices_counts_delete;
DROP TRIGGER devices_counts_update;
DROP INDEX devices_status;
DROP INDEX devices_due;
ALTER TABLE devices DROP COLUMN status;
ALTER TABLE devices DROP COLUMN next_transition_at;

CREATE TRIGGER device_state_counts_insert AFTER INSERT ON device_state BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n) VALUES (NEW.dms_owner, NEW.status, 0, 1)
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER device_state_counts_delete AFTER DELETE ON device_state BEGIN
    UPDATE device_status_counts SET n = n - 1 WHERE dms_owner = OLD.dms_owner AND status = OLD.status AND shard = 0;
END;

CREATE TRIGGER device_state_counts_update AFTER UPDATE OF status, dms_owner ON device_state
    WHEN OLD.status <> NEW.status OR OLD.dms_owner <> NEW.dms_owner BEGIN
    UPDATE device_status_counts SET n = n - 1 WHERE dms_owner = OLD.dms_owner AND status = OLD.status AND shard = 0;
    INSERT INTO device_status_counts (dms_owner, status, shard, n) VALUES (NEW.dms_owner, NEW.status, 0, 1)
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE VIEW device_rows AS
    SELECT d.id, d.dms_owner, s.status, d.creation_timestamp, d.tags, d.metadata,
           json_set(d.identity_slot, '$.status', CASE s.status WHEN 'DECOMMISSIONED' THEN 'REVOKED' ELSE s.status END) AS identity_slot,
           d.cert_serial,
           s.next_transition_at
      FROM devices d JOIN device_state s ON s.id = d.id;
CREATE VIEW device_rows_by_status AS
    SELECT s.id, s.dms_owner, s.status, s.creation_timestamp, d.tags, d.metadata,
           json_set(d.identity_slot, '$.status', CASE s.status WHEN 'DECOMMISSIONED' THEN 'REVOKED' ELSE s.status END) AS identity_slot,
           d.cert_serial,
           s.next_transition_at
      FROM device_state s JOIN devices d ON d.id = s.id;
