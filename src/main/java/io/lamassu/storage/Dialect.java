package io.lamassu.storage;

/** The two supported SQL dialects; SQL that differs between them is chosen through this. */
public enum Dialect {
    SQLITE, POSTGRES;

    /** Folder under {@code db/migration} holding this dialect's Flyway scripts. */
    public String migrationFolder() {
        return this == SQLITE ? "sqlite" : "postgresql";
    }

    /** A JSON column value as bound parameter. */
    public String jsonParam() {
        return this == POSTGRES ? "CAST(? AS jsonb)" : "?";
    }

    /**
     * Locks the selected rows until commit; SQLite has a single writer, and its transactions here
     * already serialise, so it needs none.
     */
    public String forUpdate() {
        return this == POSTGRES ? " FOR UPDATE" : "";
    }

    /** Row claiming for scheduled work; SQLite has a single writer, so plain selects suffice. */
    public String skipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    }
}
