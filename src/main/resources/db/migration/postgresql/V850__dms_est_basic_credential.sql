-- EST HTTP Basic credential per DMS (RFC 7030 §3.2.3), beside its settings document so that it
-- goes away with the DMS. Only a bcrypt hash of the password is stored (never the password).
ALTER TABLE dms ADD COLUMN est_basic_username TEXT;
ALTER TABLE dms ADD COLUMN est_basic_password_hash TEXT;
