-- Which resources (today: CAs) use a KMS key. A key with a binding cannot be deleted: the KMS
-- checks this inside the delete's transaction after locking the key row, and the foreign key
-- backs it up, so a key can never disappear under an ACTIVE CA (issue 7, defect 6).
-- Rows for CAs that existed before this migration are written at start-up by the CA context
-- (CaService.bindExistingKeys), which can derive each CA's key id from its certificate.
CREATE TABLE kms_key_bindings (
    key_id        TEXT NOT NULL REFERENCES kms_keys (key_id),
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    PRIMARY KEY (resource_type, resource_id, key_id)
);
CREATE INDEX kms_key_bindings_key ON kms_key_bindings (key_id);
