package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded store's single writer: group commit, failure isolation, WAL checkpoints, read-only pool. */
class SqliteWriterTest {
    Path file;
    Database db;
    Jdbc jdbc;

    @BeforeEach
    void setUp() throws Exception {
        file = Files.createTempDirectory("writer").resolve("t.db");
        db = Database.sqlite(file, 3_600_000); // checkpoints only when a test runs a cycle
        jdbc = new Jdbc(new Tx(db));
        jdbc.update("CREATE TABLE things (id TEXT PRIMARY KEY, actor TEXT)");
        jdbc.update("CREATE TABLE parts (id TEXT PRIMARY KEY, thing TEXT NOT NULL REFERENCES things (id))");
    }

    @AfterEach
    void tearDown() {
        RequestContext.clear();
        db.close();
    }

    @Test
    void aFailingTransactionInAGroupIsRolledBackAloneAndTheOthersCommit() throws Exception {
        GroupedTransaction<String> a = insert("a", false);
        GroupedTransaction<String> b = insert("b", true);
        GroupedTransaction<String> c = insert("c", false);
        runAsOneGroup(List.of(a, b, c));

        assertThat(a.await()).isEqualTo("a");
        assertThat(c.await()).isEqualTo("c");
        assertThatThrownBy(b::await).isInstanceOf(IllegalStateException.class).hasMessage("b refused");
        assertThat(ids()).containsExactly("a", "c");
    }

    @Test
    void whenTheGroupCommitFailsEveryTransactionOfItFailsAndNothingIsStored() throws Exception {
        GroupedTransaction<String> a = insert("a", false);
        // Checked at COMMIT only: a deferred foreign key whose parent never comes.
        GroupedTransaction<String> orphan = new GroupedTransaction<>(conn -> {
            exec(conn, "PRAGMA defer_foreign_keys = ON");
            exec(conn, "INSERT INTO parts VALUES ('p', 'missing')");
            return "orphan";
        });
        runAsOneGroup(List.of(a, orphan));

        assertThatThrownBy(a::await).isInstanceOf(SQLException.class).hasMessageContaining("group");
        assertThatThrownBy(orphan::await).isInstanceOf(SQLException.class);
        assertThat(ids()).isEmpty();
        assertThat(jdbc.query("SELECT id FROM parts", rs -> rs.getString(1))).isEmpty();
    }

    @Test
    void aConstraintViolationOrAnErrorInAGroupFailsOnlyItsOwnTransaction() throws Exception {
        jdbc.update("INSERT INTO things VALUES ('taken', '')");
        GroupedTransaction<String> a = insert("a", false);
        GroupedTransaction<String> dup = insert("taken", false);
        GroupedTransaction<String> error = new GroupedTransaction<>(conn -> {
            exec(conn, "INSERT INTO things VALUES ('e', '')");
            throw new AssertionError("a bug in the work");
        });
        GroupedTransaction<String> c = insert("c", false);
        runAsOneGroup(List.of(a, dup, error, c));

        assertThat(a.await()).isEqualTo("a");
        assertThat(c.await()).isEqualTo("c");
        assertThatThrownBy(dup::await).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        assertThatThrownBy(error::await).isInstanceOf(AssertionError.class);
        assertThat(ids()).containsExactly("a", "c", "taken");
    }

    @Test
    void aLoneTransactionThatFailsIsRolledBackWholly() throws Exception {
        GroupedTransaction<String> t = new GroupedTransaction<>(conn -> {
            exec(conn, "INSERT INTO things VALUES ('x', '')");
            exec(conn, "INSERT INTO things VALUES ('y', '')");
            throw new IllegalStateException("no");
        });
        runAsOneGroup(List.of(t));

        assertThatThrownBy(t::await).hasMessage("no");
        assertThat(ids()).isEmpty();
        jdbc.update("INSERT INTO things VALUES ('after', '')");
        assertThat(ids()).containsExactly("after");
    }

    @Test
    void workThatEndsTheSqliteTransactionItselfFailsTheWholeGroupAndNothingIsStored() throws Exception {
        GroupedTransaction<String> a = insert("a", false);
        GroupedTransaction<String> rogue = new GroupedTransaction<>(conn -> {
            exec(conn, "INSERT INTO things VALUES ('r', '')");
            exec(conn, "ROLLBACK"); // also undoes a's row: a must not be told it committed
            return "rogue";
        });
        GroupedTransaction<String> c = insert("c", false);
        runAsOneGroup(List.of(a, rogue, c));

        assertThatThrownBy(a::await).isInstanceOf(SQLException.class).hasMessageContaining("group");
        assertThatThrownBy(rogue::await).isInstanceOf(SQLException.class);
        assertThatThrownBy(c::await).isInstanceOf(SQLException.class).hasMessageContaining("group");
        assertThat(ids()).isEmpty();
        jdbc.update("INSERT INTO things VALUES ('after', '')");
        assertThat(ids()).containsExactly("after");
    }

    @Test
    void aSecondTxOverTheSameDatabaseInsideATransactionIsRefusedAndTheOuterRolledBack() {
        Tx other = new Tx(db);
        assertThatThrownBy(() -> jdbc.tx().run(() -> {
            jdbc.update("INSERT INTO things VALUES ('outer', '')");
            other.run(() -> new Jdbc(other).update("INSERT INTO things VALUES ('inner', '')"));
        })).isInstanceOf(IllegalStateException.class);
        assertThat(ids()).isEmpty();
    }

    @Test
    void transactionsAfterCloseFailAtOnceInsteadOfWaiting() throws Exception {
        Database closing = Database.sqlite(file.resolveSibling("closing.db"), 3_600_000);
        Jdbc j = new Jdbc(new Tx(closing));
        j.update("CREATE TABLE t (id TEXT)");
        closing.close();
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                j.update("INSERT INTO t VALUES ('x')");
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        caller.start();
        caller.join(10_000);
        assertThat(caller.isAlive()).as("the caller is not left waiting").isFalse();
        assertThat(outcome.get()).isInstanceOf(LamassuException.class).hasMessage("storage failure");
    }

    @Test
    void moreQueuedTransactionsThanOneGroupHoldsAllCommit() throws Exception {
        List<Thread> writers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < SqliteWriter.MAX_GROUP * 3; i++) {
            String id = "w" + i;
            writers.add(new Thread(() -> {
                await(start);
                jdbc.update("INSERT INTO things VALUES (?, '')", id);
            }));
        }
        writers.forEach(Thread::start);
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        assertThat(ids()).hasSize(SqliteWriter.MAX_GROUP * 3);
    }

    @Test
    void concurrentWritersEachSeeTheirOwnOutcomeAndCarryTheirCallersContext() throws Exception {
        int threads = 16;
        int each = 100;
        AtomicInteger refused = new AtomicInteger();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            String actor = "actor-" + w;
            workers.add(new Thread(() -> {
                RequestContext.set(new Actor("jwt", actor, Set.of("ADMIN")), "req-" + actor);
                await(start);
                for (int i = 0; i < each; i++) {
                    String id = actor + "/" + i;
                    try {
                        jdbc.tx().run(() -> {
                            jdbc.update("INSERT INTO things VALUES (?, ?)", id, RequestContext.current().actor().id());
                            if (id.endsWith("7")) {
                                throw new IllegalStateException("refused");
                            }
                        });
                        acknowledged.add(id);
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }

        assertThat(refused.get()).isEqualTo(threads * 10);
        assertThat(Set.copyOf(ids())).isEqualTo(acknowledged);
        assertThat(jdbc.query("SELECT count(*) FROM things WHERE id NOT LIKE actor || '/%'", rs -> rs.getLong(1)))
                .containsExactly(0L);
    }

    @Test
    void aCheckpointCycleLetsTheWalRestartSoItStaysBounded() throws Exception {
        String pad = "x".repeat(3000);
        for (int i = 0; i < 2000; i++) {
            jdbc.update("INSERT INTO things VALUES (?, ?)", "t" + i, pad);
        }
        // No commit checkpointed: the WAL holds every page written so far.
        assertThat(Files.size(Path.of(file + "-wal"))).isGreaterThan(2000L * 3000);
        SqliteCheckpointer checkpointer = ((SqliteWriter) db.writes()).checkpointer();
        checkpointer.cycle();
        jdbc.update("INSERT INTO things VALUES ('after', '')");

        assertThat(checkpointer.cycle()).isLessThan(SqliteCheckpointer.RESTART_AT_PAGES);
        assertThat(jdbc.query("SELECT count(*) FROM things", rs -> rs.getLong(1))).containsExactly(2001L);
    }

    @Test
    void pooledConnectionsCannotWriteAroundTheWriter() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO things VALUES ('sneaky', '')"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(ids()).isEmpty();
    }

    private GroupedTransaction<String> insert(String id, boolean thenFail) {
        return new GroupedTransaction<>(conn -> {
            exec(conn, "INSERT INTO things VALUES ('" + id + "', '')");
            if (thenFail) {
                throw new IllegalStateException(id + " refused");
            }
            return id;
        });
    }

    /** Runs the transactions as the writer does when they queued together. */
    private void runAsOneGroup(List<GroupedTransaction<?>> group) throws Exception {
        db.writes().inTransaction(c -> {
            exec(c, "ROLLBACK"); // leave the writer's own transaction: the group opens its own
            new CommitGroup(c, new ArrayList<>(group)).run();
            exec(c, "BEGIN IMMEDIATE");
            return null;
        });
    }

    private List<String> ids() {
        return jdbc.query("SELECT id FROM things ORDER BY id", rs -> rs.getString(1));
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
