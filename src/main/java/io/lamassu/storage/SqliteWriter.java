package io.lamassu.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * SQLite has one writer at a time, so every write transaction of the process runs on one
 * dedicated connection, with group commit: the transactions that queued while the previous group
 * ran are executed back to back inside one SQLite transaction, each in its own savepoint, and
 * committed together. A caller that finds the writer free runs the queue itself (no thread
 * hand-over when there is no contention); otherwise the writer thread takes the queue as soon
 * as the running group has committed. A transaction that fails is rolled back to its savepoint
 * and fails alone; if the commit fails, every transaction of the group fails, so each caller
 * learns the truth about its own work. Callers wait for their commit, so nothing is acknowledged
 * before it is in the database.
 *
 * <p>Why: with one transaction per commit and the writers queued on a lock, the writer was the
 * bottleneck of REST signing (83–87 % of a request's wall time waiting for it at 16 clients):
 * each commit rewrote the same b-tree pages to the WAL, and every hand-over of the lock woke a
 * parked thread. A group writes the shared pages once and needs no hand-over.
 * WAL checkpoints run beside it ({@link SqliteCheckpointer}).
 */
final class SqliteWriter implements WriteTransactions {
    /** Most transactions in one group: bounds how long a group holds the database. */
    static final int MAX_GROUP = 64;
    private static final GroupedTransaction<?> STOP = new GroupedTransaction<>(c -> null);
    private final ReentrantLock groupLock = new ReentrantLock();
    private final LinkedBlockingQueue<GroupedTransaction<?>> queue = new LinkedBlockingQueue<>();
    private final Connection connection;
    private final SqliteCheckpointer checkpointer;
    private final Thread thread;
    private volatile boolean closed;
    /** Told the size of every commit group (issue 13: the group-commit size histogram). */
    private volatile java.util.function.IntConsumer groupSizes = n -> { };

    SqliteWriter(String url, SQLiteConfig config, long checkpointEveryMillis) throws SQLException {
        this.connection = config.createConnection(url);
        execute(connection, "PRAGMA wal_autocheckpoint = 0");
        // After the WAL restarts its file is truncated back to this size, so a burst does not leave it large.
        execute(connection, "PRAGMA journal_size_limit = " + (16L << 20));
        this.checkpointer = new SqliteCheckpointer(config.createConnection(url), groupLock, checkpointEveryMillis);
        this.thread = new Thread(this::run, "sqlite-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public <T> T inTransaction(Tx.SqlFunction<Connection, T> work) throws SQLException {
        if (groupLock.isHeldByCurrentThread()) {
            // Tx joins nested calls; reaching here means a second Tx over the same database.
            throw new IllegalStateException("a write transaction was started inside another one");
        }
        GroupedTransaction<T> t = new GroupedTransaction<>(work);
        queue.add(t);
        // Barge only when nobody waits: the writer thread (holding transactions it took from the
        // queue) and the checkpointer's final pass go first.
        if (!groupLock.hasQueuedThreads() && groupLock.tryLock()) {
            try {
                runGroup(new ArrayList<>(MAX_GROUP));
            } finally {
                groupLock.unlock();
            }
        }
        if (closed && queue.remove(t)) {
            t.fail(new SQLException("the database is closed"));
        }
        return t.await();
    }

    SqliteCheckpointer checkpointer() {
        return checkpointer;
    }

    /** The writer thread: waits for queued transactions that no caller picked up, and runs them. */
    private void run() {
        List<GroupedTransaction<?>> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, through STOP
            }
            groupLock.lock();
            try {
                if (runGroup(group)) {
                    return;
                }
            } finally {
                groupLock.unlock();
            }
        }
    }

    /** With the group lock held: runs {@code group} plus what is queued; true when STOP was among them. */
    private boolean runGroup(List<GroupedTransaction<?>> group) {
        queue.drainTo(group, MAX_GROUP - group.size());
        boolean stop = group.remove(STOP);
        if (stop && Thread.currentThread() != thread) {
            queue.add(STOP); // a caller ran the queue: STOP is the writer thread's to see
            stop = false;
        }
        if (!group.isEmpty()) {
            groupSizes.accept(group.size());
        }
        try {
            new CommitGroup(connection, group).run();
        } catch (RuntimeException | Error e) {
            // Nothing may leave a caller waiting: whoever is not completed yet learns of the failure.
            group.forEach(t -> t.fail(e));
        }
        group.clear();
        return stop;
    }

    void observeGroupSizes(java.util.function.IntConsumer sizes) {
        groupSizes = sizes;
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<GroupedTransaction<?>> left = new ArrayList<>();
        queue.drainTo(left);
        if (left.remove(STOP)) {
            queue.add(STOP); // the writer thread is still in a long group: it stops after it
        }
        left.forEach(t -> t.fail(new SQLException("the database is closed")));
        checkpointer.close();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: the WAL is replayed on the next open.
        }
    }
}
