-- Issue 13, CA reissue: a CA's earlier certificates, replaced by a reissue. They stay in
-- ca_certificates (still verifiable, still listed), and this table says which CA they belonged to
-- and when they were replaced, so certificates issued under an earlier key keep their CRL, OCSP
-- answers and chain (ADR 0530).
CREATE TABLE ca_certificate_history (
    serial_number  TEXT PRIMARY KEY,
    ca_id          TEXT NOT NULL,
    subject_key_id TEXT NOT NULL,
    replaced_at    BIGINT NOT NULL
);
CREATE INDEX ca_certificate_history_ca ON ca_certificate_history (ca_id, replaced_at);
CREATE INDEX ca_certificate_history_ski ON ca_certificate_history (subject_key_id);
