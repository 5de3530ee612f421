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
