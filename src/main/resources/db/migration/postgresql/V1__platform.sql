-- Transactional outbox: rows are written in the same transaction as the state change they describe.
CREATE TABLE event_outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    source      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    auth_type   TEXT NOT NULL,
    auth_id     TEXT NOT NULL,
    data        TEXT NOT NULL
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_type  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    request_id  TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
