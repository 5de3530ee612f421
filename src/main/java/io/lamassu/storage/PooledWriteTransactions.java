package io.lamassu.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** PostgreSQL: each transaction on its own pooled connection; the server orders concurrent writers. */
final class PooledWriteTransactions implements WriteTransactions {
    private final DataSource pool;

    PooledWriteTransactions(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public <T> T inTransaction(Tx.SqlFunction<Connection, T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (RuntimeException | Error | SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        // The pool belongs to Database.
    }
}
