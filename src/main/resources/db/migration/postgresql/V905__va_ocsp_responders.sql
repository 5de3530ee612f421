-- Delegated OCSP responders (issue 9, RFC 6960 §4.2.2.2): per VA role, whether responses are signed
-- by a certificate the CA issues for a VA-held key (EKU id-kp-OCSPSigning, id-pkix-ocsp-nocheck)
-- instead of the CA key, and which one is current. The generation is bumped by every signer change
-- (issue, renewal, retirement) in the transaction that makes it; pre-signed OCSP responses carry the
-- generation they were signed under and are not served under another. The conditional update on it
-- lets one of several instances make each change. Booleans are 0/1 integers as in V830.
ALTER TABLE va_roles ADD COLUMN ocsp_delegated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE va_roles ADD COLUMN ocsp_delegated_validity_ms BIGINT NOT NULL DEFAULT 2592000000;
ALTER TABLE va_roles ADD COLUMN ocsp_signer_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE va_roles ADD COLUMN ocsp_signer_serial TEXT;
-- The serial of the CA certificate that issued the current responder: revoking it retires the responder.
ALTER TABLE va_roles ADD COLUMN ocsp_signer_ca_serial TEXT;
-- When the responder job next has work for this role (first issue, renewal, retry); NULL = none.
ALTER TABLE va_roles ADD COLUMN ocsp_signer_due_at BIGINT;
CREATE INDEX va_roles_ocsp_signer_due ON va_roles (ocsp_signer_due_at) WHERE ocsp_signer_due_at IS NOT NULL;
CREATE INDEX va_roles_ocsp_signer_ca ON va_roles (ocsp_signer_ca_serial) WHERE ocsp_signer_ca_serial IS NOT NULL;

-- Every responder certificate issued, current and retired (kept for audit; not in ca_certificates:
-- it is not a device or CA certificate, see ADR 0610).
CREATE TABLE va_ocsp_responders (
    serial_number TEXT PRIMARY KEY,
    ca_ski        TEXT NOT NULL,
    ca_id         TEXT NOT NULL,
    ca_serial     TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    not_before    BIGINT NOT NULL,
    not_after     BIGINT NOT NULL,
    generation    BIGINT NOT NULL,
    retired_at    BIGINT,
    der           BYTEA NOT NULL
);
CREATE INDEX va_ocsp_responders_ca ON va_ocsp_responders (ca_ski, generation);
