package io.lamassu.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transactions bound to the current thread. Repositories obtain their connection from here, so
 * a service method, its audit record and its outbox events commit together or not at all.
 * Nested calls join the outer transaction.
 */
public final class Tx {
    private final Database db;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    public Tx(Database db) {
        this.db = db;
    }

    public Dialect dialect() {
        return db.dialect();
    }

    /** See {@link Database#textInCodePointOrder()}. */
    public boolean textInCodePointOrder() {
        return db.textInCodePointOrder();
    }

    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        List<Runnable> hooks = new ArrayList<>();
        // On SQLite the work may run on the writer thread or on another caller's (group commit):
        // it carries this caller's actor and request id.
        RequestContext caller = RequestContext.capture();
        T result;
        try {
            result = db.writes().inTransaction(c -> {
                RequestContext own = RequestContext.capture();
                RequestContext.restore(caller);
                current.set(c);
                afterCommit.set(hooks);
                try {
                    return work.get();
                } finally {
                    current.remove();
                    afterCommit.remove();
                    RequestContext.restore(own);
                }
            });
        } catch (SQLException e) {
            throw storageFailure(e);
        }
        // After the commit and outside any writer lock: hooks may start transactions of their own.
        hooks.forEach(Runnable::run);
        return result;
    }

    /** Runs {@code hook} once the current transaction has committed (at once when there is none). */
    public void afterCommit(Runnable hook) {
        List<Runnable> hooks = afterCommit.get();
        if (hooks == null) {
            hook.run();
        } else {
            hooks.add(hook);
        }
    }

    public void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Runs read-only work, inside the current transaction if there is one. */
    public <T> T read(SqlFunction<Connection, T> work) {
        Connection c = current.get();
        if (c != null) {
            return apply(work, c);
        }
        try (Connection fresh = db.dataSource().getConnection()) {
            return apply(work, fresh);
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** Runs a write; outside a transaction it gets its own. */
    public <T> T write(SqlFunction<Connection, T> work) {
        Connection c = current.get();
        if (c != null) {
            return apply(work, c);
        }
        return inTransaction(() -> apply(work, current.get()));
    }

    private static <T> T apply(SqlFunction<Connection, T> work, Connection c) {
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    static RuntimeException storageFailure(SQLException e) {
        if (isUniqueViolation(e)) {
            return new DuplicateKeyException(e);
        }
        return new LamassuException(io.lamassu.common.ErrorKind.INTERNAL, "STORAGE_ERROR", "storage failure", e);
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        return "23505".equals(state) || msg.contains("UNIQUE constraint failed")
                || msg.contains("PRIMARY KEY constraint failed");
    }

    @FunctionalInterface
    public interface SqlFunction<A, R> {
        R apply(A a) throws SQLException;
    }
}
