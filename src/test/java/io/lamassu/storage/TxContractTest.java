package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Transactions as every repository relies on them, on SQLite (group commit on one writer) and on
 * PostgreSQL (a pooled connection each): nested work joins, a failure undoes everything, hooks run
 * only after the commit, and storage errors surface as the project's own exceptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TxContractTest {
    Database db;
    Tx tx;
    Jdbc jdbc;

    abstract Database open();

    @BeforeAll
    void setUp() {
        db = open();
        tx = new Tx(db);
        jdbc = new Jdbc(tx);
        jdbc.update("CREATE TABLE tx_things (id TEXT PRIMARY KEY, note TEXT NOT NULL)");
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM tx_things");
    }

    @AfterAll
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void nestedTransactionsJoinTheOuterOneAndFailWithIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> tx.run(() -> {
            insert("a");
            tx.run(() -> insert("b"));
            assertThat(ids()).as("the outer transaction sees the inner one's row").containsExactly("a", "b");
            throw boom;
        })).isSameAs(boom);
        assertThat(committedIds()).isEmpty();
    }

    @Test
    void aFailureAfterManyWritesLeavesNothing() {
        assertThatThrownBy(() -> tx.run(() -> {
            for (int i = 0; i < 50; i++) {
                insert("row-" + i);
            }
            jdbc.update("UPDATE tx_things SET note = 'changed'");
            insert("row-7"); // duplicate key
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(committedIds()).isEmpty();
    }

    @Test
    void afterCommitHooksRunOnlyOnceTheWorkIsCommitted() {
        List<List<String>> seenByHook = new ArrayList<>();
        tx.run(() -> {
            insert("a");
            tx.afterCommit(() -> seenByHook.add(committedIds()));
            assertThat(seenByHook).as("not before the commit").isEmpty();
        });
        assertThat(seenByHook).containsExactly(List.of("a"));
    }

    @Test
    void afterCommitHooksNeverRunWhenTheTransactionFails() {
        List<String> ran = new ArrayList<>();
        assertThatThrownBy(() -> tx.run(() -> {
            insert("a");
            tx.afterCommit(() -> ran.add("hook"));
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(ran).isEmpty();
    }

    @Test
    void aHookMayStartATransactionOfItsOwnAndOutsideATransactionAHookRunsAtOnce() {
        tx.run(() -> {
            insert("a");
            tx.afterCommit(() -> tx.run(() -> insert("from-hook")));
        });
        List<String> ran = new ArrayList<>();
        tx.afterCommit(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
        assertThat(committedIds()).containsExactly("a", "from-hook");
    }

    @Test
    void aWriteOutsideATransactionCommitsOnItsOwn() {
        insert("a");
        assertThat(committedIds()).containsExactly("a");
    }

    @Test
    void resultsAreHandedBackOnlyAfterTheCommit() {
        String result = tx.inTransaction(() -> {
            insert("a");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(committedIds()).containsExactly("a");
    }

    @Test
    void storageErrorsBecomeAn500WithoutSqlInTheMessageAndDuplicatesTheirOwnType() {
        insert("a");
        assertThatThrownBy(() -> insert("a")).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO no_such_table VALUES (1)"))
                .isInstanceOfSatisfying(LamassuException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                    assertThat(e.code()).isEqualTo("STORAGE_ERROR");
                    assertThat(e.getMessage()).doesNotContain("no_such_table");
                });
        assertThatThrownBy(() -> jdbc.update("INSERT INTO tx_things (id) VALUES ('no-note')"))
                .isInstanceOf(LamassuException.class);
        assertThat(committedIds()).containsExactly("a");
    }

    @Test
    void aFailedTransactionDoesNotPoisonTheNextOne() {
        for (int i = 0; i < 3; i++) {
            String id = "ok-" + i;
            assertThatThrownBy(() -> tx.run(() -> {
                insert("doomed");
                throw new IllegalArgumentException("no");
            })).isInstanceOf(IllegalArgumentException.class);
            tx.run(() -> insert(id));
        }
        assertThat(committedIds()).containsExactly("ok-0", "ok-1", "ok-2");
    }

    /** One step of a generated transaction: an insert, a nested (joined) block, or a failure. */
    record Step(String insert, List<Step> nested, boolean fail) {
    }

    static List<Step> steps(io.lamassu.testkit.Gen g, String worker, int depth) {
        return g.list(0, 4, x -> {
            int pick = x.between(0, 9);
            if (pick == 0) {
                return new Step(null, null, true);
            }
            if (pick == 1 && depth < 2) {
                return new Step(null, steps(x, worker, depth + 1), false);
            }
            return new Step(worker + "-k" + x.between(0, 9), null, false);
        });
    }

    void execute(List<Step> steps) {
        for (Step s : steps) {
            if (s.fail()) {
                throw new IllegalStateException("generated failure");
            }
            if (s.nested() != null) {
                tx.run(() -> execute(s.nested()));
            } else {
                insert(s.insert());
            }
        }
    }

    /** The model: true (and the keys added) when every insert is new and nothing fails. */
    static boolean model(List<Step> steps, java.util.Set<String> committed) {
        java.util.Set<String> mine = new java.util.HashSet<>(committed);
        if (!apply(steps, mine)) {
            return false;
        }
        committed.addAll(mine);
        return true;
    }

    private static boolean apply(List<Step> steps, java.util.Set<String> keys) {
        for (Step s : steps) {
            if (s.fail() || (s.nested() != null && !apply(s.nested(), keys))
                    || (s.insert() != null && !keys.add(s.insert()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Concurrent writers (grouped into shared commits on SQLite, a connection each on PostgreSQL),
     * each running generated transactions with nested blocks, duplicate keys and failures: every
     * transaction ends as the model says, the table holds exactly the committed rows, and an
     * after-commit hook ran for exactly the committed transactions.
     */
    @Test
    void concurrentGeneratedTransactionsEndAsTheModelSays() {
        io.lamassu.testkit.Gen.forAll(8, g -> {
            jdbc.update("DELETE FROM tx_things");
            int workers = 4;
            List<List<List<Step>>> plans = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "w" + w;
                plans.add(g.list(5, 15, x -> steps(x, worker, 0)));
            }
            java.util.Set<String> hooks = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Map<String, Boolean> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<List<Step>> mine = plans.get(worker);
                    for (int i = 0; i < mine.size(); i++) {
                        String name = "w" + worker + "/" + i;
                        List<Step> steps = mine.get(i);
                        try {
                            tx.run(() -> {
                                tx.afterCommit(() -> hooks.add(name));
                                execute(steps);
                            });
                            outcomes.put(name, true);
                        } catch (RuntimeException e) {
                            outcomes.put(name, false);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            java.util.Set<String> expectedRows = new java.util.TreeSet<>();
            java.util.Set<String> expectedHooks = new java.util.HashSet<>();
            for (int w = 0; w < workers; w++) {
                java.util.Set<String> committed = new java.util.HashSet<>();
                for (int i = 0; i < plans.get(w).size(); i++) {
                    String name = "w" + w + "/" + i;
                    boolean commits = model(plans.get(w).get(i), committed);
                    assertThat(outcomes.get(name)).as(name + " " + plans.get(w).get(i)).isEqualTo(commits);
                    if (commits) {
                        expectedHooks.add(name);
                    }
                }
                expectedRows.addAll(committed);
            }
            assertThat(new java.util.TreeSet<>(committedIds())).isEqualTo(expectedRows);
            assertThat(hooks).isEqualTo(expectedHooks);
        });
    }

    void insert(String id) {
        jdbc.update("INSERT INTO tx_things VALUES (?, ?)", id, "n");
    }

    /** Through the current transaction, if any. */
    List<String> ids() {
        return jdbc.query("SELECT id FROM tx_things ORDER BY id", rs -> rs.getString(1));
    }

    /** On a separate pooled connection: only what is committed. */
    List<String> committedIds() {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM tx_things ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
