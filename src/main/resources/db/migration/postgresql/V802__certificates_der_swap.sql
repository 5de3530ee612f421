-- Issue 8 (ADR 0210): the DER table replaces the JSON one; only the indexes lists and jobs use.
DROP VIEW ca_authorities_view;
DROP TABLE ca_certificates;
ALTER TABLE ca_certificates_der RENAME TO ca_certificates;
-- CA certificate lists, revocation of a CA's subtree, per-CA status counts.
CREATE INDEX ca_certificates_issuer ON ca_certificates (issuer_meta_id, status);
-- The default list order (valid_from, then the serial as tie-breaker for bookmarks).
CREATE INDEX ca_certificates_valid_from ON ca_certificates (valid_from, serial_number);
-- Lookup of a device's certificates by common name (the usual console search).
CREATE INDEX ca_certificates_cn ON ca_certificates (subject_common_name);
-- Expiry work: only ACTIVE rows carry a next-due time, so the index holds what can still expire.
CREATE INDEX ca_certificates_due ON ca_certificates (next_due_at) WHERE next_due_at IS NOT NULL;
-- No subject_key_id index: CAs are found by key id through ca_authorities (a few rows) joined on the
-- serial, and a certificate list filtered by key id alone is rare enough to scan.

CREATE VIEW ca_authorities_view AS
SELECT a.id, a.parent_id, a.ca_metadata AS metadata, a.creation_ts, a.level, a.profile_id,
       c.serial_number, c.subject_common_name, c.subject_key_id, c.issuer_meta_id, c.issuer_meta_sn,
       c.issuer_meta_level, c.status, c.type, c.engine_id, c.valid_from, c.valid_to, c.revocation_timestamp,
       c.revocation_reason, c.metadata AS cert_metadata, c.key_usage, c.extended_key_usage, c.is_ca, c.der
FROM ca_authorities a JOIN ca_certificates c ON c.serial_number = a.serial_number;
