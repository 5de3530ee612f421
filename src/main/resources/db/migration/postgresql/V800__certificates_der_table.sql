-- Issue 8, lean write path (ADR 0210): certificates are stored as DER plus the columns that list
-- filters, sorts and the expiry job use. The JSON body (base64 of the PEM, ~2.2 KB) and the
-- authority_key_id column (derivable from the DER, filtered by nothing) are gone. V801 (Java,
-- db.migration.CertificatesAsDer) copies every row; V802 swaps the tables.
CREATE TABLE ca_certificates_der (
    serial_number        TEXT PRIMARY KEY,
    subject_common_name  TEXT NOT NULL,
    subject_key_id       TEXT NOT NULL,
    issuer_meta_id       TEXT NOT NULL,
    issuer_meta_sn       TEXT NOT NULL,
    issuer_meta_level    INTEGER NOT NULL,
    status               TEXT NOT NULL,
    type                 TEXT NOT NULL,
    engine_id            TEXT NOT NULL,
    valid_from           BIGINT NOT NULL,
    valid_to             BIGINT NOT NULL,
    revocation_timestamp BIGINT,
    revocation_reason    TEXT NOT NULL,
    metadata             JSONB NOT NULL,
    key_usage            JSONB NOT NULL,
    extended_key_usage   JSONB NOT NULL,
    is_ca                TEXT NOT NULL,
    next_due_at          BIGINT,
    der                  BYTEA NOT NULL
);
