package io.lamassu.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a group of transactions inside one SQLite transaction, each in a savepoint of its own
 * (a single transaction needs none), and commits them together.
 */
final class CommitGroup {
    private final Connection c;
    private final List<GroupedTransaction<?>> group;
    private final List<GroupedTransaction<?>> succeeded = new ArrayList<>();

    CommitGroup(Connection c, List<GroupedTransaction<?>> group) {
        this.c = c;
        this.group = group;
    }

    void run() {
        if (group.isEmpty()) {
            return;
        }
        try {
            SqliteWriter.execute(c, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            group.forEach(t -> t.fail(e));
            return;
        }
        boolean intact = group.size() == 1 ? runAlone(group.get(0)) : runInSavepoints();
        if (intact) {
            commit();
        }
    }

    private boolean runAlone(GroupedTransaction<?> t) {
        try {
            t.run(c);
            succeeded.add(t);
            return true;
        } catch (RuntimeException | Error | SQLException e) {
            rollbackAll(e);
            t.fail(e);
            return false;
        }
    }

    /** False when the SQLite transaction itself was lost (then every transaction has failed). */
    private boolean runInSavepoints() {
        for (GroupedTransaction<?> t : group) {
            try {
                SqliteWriter.execute(c, "SAVEPOINT grouped");
                t.run(c);
                SqliteWriter.execute(c, "RELEASE grouped");
                succeeded.add(t);
            } catch (RuntimeException | Error | SQLException e) {
                SQLException lost = rollbackToSavepoint();
                t.fail(e); // after the rollback: the caller owns e from here on
                if (lost != null) {
                    failSucceeded(lost);
                    failRest(t, lost);
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Undoes one transaction's writes. Returns null when that worked, else the error that says
     * SQLite had already rolled back the whole group (the group is then rolled back for certain).
     */
    private SQLException rollbackToSavepoint() {
        try {
            SqliteWriter.execute(c, "ROLLBACK TO grouped");
            SqliteWriter.execute(c, "RELEASE grouped");
            return null;
        } catch (SQLException e) {
            rollbackAll(e);
            return e;
        }
    }

    private void commit() {
        try {
            SqliteWriter.execute(c, "COMMIT");
        } catch (SQLException e) {
            rollbackAll(e);
            failSucceeded(e);
            return;
        }
        succeeded.forEach(GroupedTransaction::committed);
    }

    private void failSucceeded(Throwable cause) {
        SQLException lost = groupLost(cause);
        succeeded.forEach(t -> t.fail(lost));
        succeeded.clear();
    }

    private void failRest(GroupedTransaction<?> failed, Throwable cause) {
        SQLException lost = groupLost(cause);
        for (int i = group.indexOf(failed) + 1; i < group.size(); i++) {
            group.get(i).fail(lost);
        }
    }

    private static SQLException groupLost(Throwable cause) {
        return new SQLException("the group this transaction was committed with failed", cause);
    }

    private void rollbackAll(Throwable cause) {
        try {
            SqliteWriter.execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite already rolled back on some errors (e.g. SQLITE_FULL): nothing is left to undo.
            cause.addSuppressed(e);
        }
    }
}
