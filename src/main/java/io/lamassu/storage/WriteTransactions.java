package io.lamassu.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where write transactions run: PostgreSQL takes a pooled connection per transaction, SQLite
 * queues every writer onto its one dedicated connection ({@link SqliteWriter}).
 */
interface WriteTransactions extends AutoCloseable {

    /** Runs {@code work} between BEGIN and COMMIT (ROLLBACK when it throws). */
    <T> T inTransaction(Tx.SqlFunction<Connection, T> work) throws SQLException;

    @Override
    void close();
}
