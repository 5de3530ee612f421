-- DMS (device manufacturing systems): settings document as upstream (upstream-notes §2.4).
CREATE TABLE dms (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    creation_ts  BIGINT NOT NULL,
    metadata     TEXT NOT NULL,
    settings     TEXT NOT NULL
);
CREATE INDEX dms_creation ON dms (creation_ts, id);
