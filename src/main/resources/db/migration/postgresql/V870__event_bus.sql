-- Event bus (ADR 0010). One row whose lock is the relay lease: the instance holding it relays, so
-- events leave the outbox in commit order per subject even with several instances.
CREATE TABLE event_relay_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO event_relay_lease (id) VALUES (1);

-- Consumers' de-duplication by event id: a row per (consumer, event), inserted in the transaction
-- that handles the event, so a redelivered event is skipped. Pruned after a retention period.
CREATE TABLE event_inbox (
    consumer    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX event_inbox_received ON event_inbox (received_at);
