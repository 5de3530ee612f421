-- KMS keys. private_key holds the engine's sealed form (software engine: AES-256-GCM under the
-- master key, key id as AAD); plaintext private keys are never stored.
CREATE TABLE kms_keys (
    key_id          TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    engine_id       TEXT NOT NULL,
    has_private_key TEXT NOT NULL,
    algorithm       TEXT NOT NULL,
    size            INTEGER NOT NULL,
    public_key      TEXT NOT NULL,
    creation_ts     BIGINT NOT NULL,
    tags            JSONB NOT NULL,
    metadata        JSONB NOT NULL,
    aliases         JSONB NOT NULL,
    private_key     BYTEA
);
CREATE INDEX kms_keys_creation ON kms_keys (creation_ts, key_id);

-- Aliases are globally unique; the primary key enforces it even under concurrent updates.
CREATE TABLE kms_key_aliases (
    alias  TEXT PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE
);
CREATE INDEX kms_key_aliases_key ON kms_key_aliases (key_id);

CREATE TABLE kms_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
