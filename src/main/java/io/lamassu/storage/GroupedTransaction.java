package io.lamassu.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One caller's transaction waiting in {@link SqliteWriter}'s queue, and how it ended. */
final class GroupedTransaction<T> {
    private final Tx.SqlFunction<Connection, T> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T result;

    GroupedTransaction(Tx.SqlFunction<Connection, T> work) {
        this.work = work;
    }

    /** Runs the work; its result is handed over only once the group commits. */
    void run(Connection c) throws SQLException {
        result = work.apply(c);
    }

    void committed() {
        outcome.complete(result);
    }

    void fail(Throwable cause) {
        outcome.completeExceptionally(cause);
    }

    T await() throws SQLException {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException(cause);
        }
    }
}
