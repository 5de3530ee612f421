-- Issue 13: the audit log and a device's history are listed through the list-query engine, whose
-- keyset tie-breaker must be a unique text key (ADR 0005). The views expose the integer primary
-- keys as fixed-width decimal text (19 digits, so text order = numeric order under any collation);
-- nothing is stored twice and the writers are unchanged (ADR 0800).
CREATE VIEW audit_records AS
SELECT a.*, lpad(a.id::text, 19, '0') AS record_key FROM audit_log a;

CREATE VIEW device_event_rows AS
SELECT e.*, lpad(e.seq::text, 19, '0') AS event_key FROM device_events e;

-- Time-range filters and the default sort (timestamp, then key: an incremental sort) read this index.
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
