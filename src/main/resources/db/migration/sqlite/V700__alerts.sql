-- Alerts: subscriptions, received events (the consumer's de-duplication by event id), the latest
-- event per type, and deliveries as rows due at a time (claimed with SKIP LOCKED) with their attempts.
-- JSON is stored as text: it is never queried in SQL, only read back whole. Same shape as PostgreSQL.
CREATE TABLE alert_subscriptions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    conditions      TEXT NOT NULL,
    channel_type    TEXT NOT NULL,
    channel_name    TEXT NOT NULL,
    channel_config  TEXT NOT NULL
);
CREATE INDEX alert_subscriptions_user ON alert_subscriptions (user_id, created_at, id);

-- Bumped with every subscription change, so each instance knows when to rebuild its match index.
CREATE TABLE alert_state (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    subscriptions_version   BIGINT NOT NULL
);
INSERT INTO alert_state (id, subscriptions_version) VALUES (1, 0);

CREATE TABLE alert_latest_events (
    event_type  TEXT PRIMARY KEY,
    event       TEXT NOT NULL,
    seen_at     BIGINT NOT NULL,
    counter     BIGINT NOT NULL
);

-- One row per received event id; the event body is kept only while deliveries need it.
CREATE TABLE alert_events (
    event_id    TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    event       TEXT
);
CREATE INDEX alert_events_received ON alert_events (received_at);

-- A delivery's id is "<event id>:<subscription id>": the primary key makes it unique per event and
-- subscription, so a redelivered event cannot create a second delivery.
CREATE TABLE alert_deliveries (
    id               TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL REFERENCES alert_events (event_id),
    event_type       TEXT NOT NULL,
    channel_type     TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    created_at       BIGINT NOT NULL,
    next_attempt_at  BIGINT,
    claim            TEXT,
    finished_at      BIGINT
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX alert_deliveries_subscription ON alert_deliveries (subscription_id, created_at, id);
CREATE INDEX alert_deliveries_finished ON alert_deliveries (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE alert_delivery_attempts (
    delivery_id  TEXT NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    started_at   BIGINT NOT NULL,
    duration_ms  BIGINT,
    outcome      TEXT NOT NULL,
    status_code  INTEGER,
    reply        TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
