-- Devices: same shape as the PostgreSQL schema; JSON columns are TEXT (json_each/json_extract).
CREATE TABLE devices (
    id                  TEXT PRIMARY KEY,
    dms_owner           TEXT NOT NULL REFERENCES dms (id),
    status              TEXT NOT NULL,
    creation_timestamp  BIGINT NOT NULL,
    tags                TEXT NOT NULL,
    metadata            TEXT NOT NULL,
    identity_slot       TEXT,
    cert_serial         TEXT,
    next_transition_at  BIGINT
);
CREATE INDEX devices_created ON devices (creation_timestamp, id);
CREATE INDEX devices_status ON devices (status, creation_timestamp, id);
CREATE INDEX devices_dms ON devices (dms_owner, creation_timestamp, id);
CREATE UNIQUE INDEX devices_cert_serial ON devices (cert_serial) WHERE cert_serial IS NOT NULL;
CREATE INDEX devices_due ON devices (next_transition_at) WHERE next_transition_at IS NOT NULL;

CREATE TABLE device_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    type        TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX device_events_device ON device_events (device_id, seq);

CREATE TABLE device_groups (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL,
    parent_id    TEXT REFERENCES device_groups (id) ON DELETE CASCADE,
    criteria     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX device_groups_parent ON device_groups (parent_id);

-- Status counts kept by triggers (see the PostgreSQL migration); SQLite has one writer, so no shards.
CREATE TABLE device_status_counts (
    dms_owner  TEXT NOT NULL,
    status     TEXT NOT NULL,
    shard      INT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (dms_owner, status, shard)
);

CREATE TRIGGER devices_counts_insert AFTER INSERT ON devices BEGIN
    INSERT INTO device_status_counts (dms_owner, status, shard, n) VALUES (NEW.dms_owner, NEW.status, 0, 1)
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER devices_counts_delete AFTER DELETE ON devices BEGIN
    UPDATE device_status_counts SET n = n - 1 WHERE dms_owner = OLD.dms_owner AND status = OLD.status AND shard = 0;
END;

CREATE TRIGGER devices_counts_update AFTER UPDATE OF status, dms_owner ON devices
    WHEN OLD.status <> NEW.status OR OLD.dms_owner <> NEW.dms_owner BEGIN
    UPDATE device_status_counts SET n = n - 1 WHERE dms_owner = OLD.dms_owner AND status = OLD.status AND shard = 0;
    INSERT INTO device_status_counts (dms_owner, status, shard, n) VALUES (NEW.dms_owner, NEW.status, 0, 1)
    ON CONFLICT (dms_owner, status, shard) DO UPDATE SET n = n + 1;
END;
