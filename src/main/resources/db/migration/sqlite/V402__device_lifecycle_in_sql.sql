-- PostgreSQL's V402 drops the device_events foreign key and rewrites its statement-level count
-- trigger for the set-based lifecycle statement. SQLite keeps the Java lifecycle path (a single
-- writer), its per-row count triggers and the foreign key (ON DELETE CASCADE), whose check is
-- cheap there. Nothing changes; this script keeps the two version sequences aligned.
SELECT 1;
