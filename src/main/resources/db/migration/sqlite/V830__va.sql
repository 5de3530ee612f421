-- Validation authority (issue 9): one role per CA key (SKI), the CRLs it issued (DER bytes, served
-- as stored), and the certificates whose status changed, which delta CRLs are built from.
-- Booleans are 0/1 integers on both dialects so the same SQL runs on each.
CREATE TABLE va_roles (
    ca_ski               TEXT PRIMARY KEY,
    ca_id                TEXT NOT NULL,
    crl_validity_ms      BIGINT NOT NULL,
    crl_refresh_ms       BIGINT NOT NULL,
    regenerate_on_revoke INTEGER NOT NULL,
    delta_enabled        INTEGER NOT NULL,
    delta_validity_ms    BIGINT NOT NULL,
    ocsp_validity_ms     BIGINT NOT NULL,
    -- One sequence for base and delta CRLs (RFC 5280 §5.2.3); 0 = none issued yet.
    crl_number           BIGINT NOT NULL,
    base_number          BIGINT NOT NULL,
    base_this_update     BIGINT,
    base_next_update     BIGINT,
    delta_number         BIGINT NOT NULL,
    delta_this_update    BIGINT,
    delta_next_update    BIGINT,
    -- Bumped in the transaction of every status change of a certificate of this CA: a CRL built
    -- from an older snapshot does not clear the due time set by that change.
    changes              BIGINT NOT NULL,
    crl_due_at           BIGINT NOT NULL,
    delta_due_at         BIGINT,
    created_at           BIGINT NOT NULL
);
CREATE INDEX va_roles_crl_due ON va_roles (crl_due_at);
CREATE INDEX va_roles_delta_due ON va_roles (delta_due_at) WHERE delta_due_at IS NOT NULL;

CREATE TABLE va_crls (
    ca_ski       TEXT NOT NULL,
    crl_number   BIGINT NOT NULL,
    delta        INTEGER NOT NULL,
    base_number  BIGINT NOT NULL,
    this_update  BIGINT NOT NULL,
    next_update  BIGINT NOT NULL,
    der          BLOB NOT NULL,
    PRIMARY KEY (ca_ski, crl_number)
);

CREATE TABLE va_status_changes (
    ca_id          TEXT NOT NULL,
    serial_number  TEXT NOT NULL,
    changed_at     BIGINT NOT NULL,
    was_revoked    INTEGER NOT NULL,
    PRIMARY KEY (ca_id, serial_number)
);
CREATE INDEX va_status_changes_time ON va_status_changes (ca_id, changed_at);
