-- CA context: issuance profiles, certificates (end-entity and CA certificates) and CAs.
CREATE TABLE ca_profiles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Immutable facts live in body (the certificate JSON at issuance); mutable and filterable ones in columns.
CREATE TABLE ca_certificates (
    serial_number        TEXT PRIMARY KEY,
    subject_common_name  TEXT NOT NULL,
    subject_key_id       TEXT NOT NULL,
    authority_key_id     TEXT NOT NULL,
    issuer_meta_id       TEXT NOT NULL,
    status               TEXT NOT NULL,
    type                 TEXT NOT NULL,
    engine_id            TEXT NOT NULL,
    valid_from           BIGINT NOT NULL,
    valid_to             BIGINT NOT NULL,
    revocation_timestamp BIGINT,
    revocation_reason    TEXT NOT NULL,
    metadata             TEXT NOT NULL,
    key_usage            TEXT NOT NULL,
    extended_key_usage   TEXT NOT NULL,
    is_ca                TEXT NOT NULL,
    next_due_at          BIGINT,
    body                 TEXT NOT NULL
);
CREATE INDEX ca_certificates_issuer ON ca_certificates (issuer_meta_id, status);
CREATE INDEX ca_certificates_ski ON ca_certificates (subject_key_id);
CREATE INDEX ca_certificates_valid_from ON ca_certificates (valid_from, serial_number);
CREATE INDEX ca_certificates_cn ON ca_certificates (subject_common_name);
-- Expiry work: only ACTIVE rows carry a next-due time, so the index holds what can still expire.
CREATE INDEX ca_certificates_due ON ca_certificates (next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE ca_authorities (
    id            TEXT PRIMARY KEY,
    serial_number TEXT NOT NULL,
    parent_id     TEXT,
    ca_metadata   TEXT NOT NULL,
    creation_ts   BIGINT NOT NULL,
    level         INTEGER NOT NULL,
    profile_id    TEXT NOT NULL
);
CREATE INDEX ca_authorities_parent ON ca_authorities (parent_id);
CREATE INDEX ca_authorities_profile ON ca_authorities (profile_id);

-- One row per CA with its certificate's fields, so CA lists filter on both (upstream-notes §3.4).
CREATE VIEW ca_authorities_view AS
SELECT a.id, a.parent_id, a.ca_metadata AS metadata, a.creation_ts, a.level, a.profile_id,
       c.serial_number, c.subject_common_name, c.subject_key_id, c.authority_key_id, c.issuer_meta_id, c.status,
       c.type, c.engine_id, c.valid_from, c.valid_to, c.revocation_timestamp, c.revocation_reason,
       c.metadata AS cert_metadata, c.key_usage, c.extended_key_usage, c.is_ca, c.body
FROM ca_authorities a JOIN ca_certificates c ON c.serial_number = a.serial_number;
