package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.Gen;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit against a model (issue 7: grow tests where the risk is). Random groups of
 * transactions, each a few inserts of things and parts (a part needs its thing: foreign key) that
 * may also throw after writing, run as one SQLite transaction with a savepoint each. The model
 * replays them one by one: a transaction commits iff none of its statements violates a key given
 * everything committed before it and it does not throw. Stored rows and every caller's outcome
 * must match the model exactly — a failed transaction leaves no row, the others lose nothing.
 */
class GroupCommitPropertiesTest {
    Database db;
    Jdbc jdbc;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.sqlite(Files.createTempDirectory("group-props").resolve("t.db"), 3_600_000);
        jdbc = new Jdbc(new Tx(db));
        jdbc.update("CREATE TABLE things (id TEXT PRIMARY KEY)");
        jdbc.update("CREATE TABLE parts (id TEXT PRIMARY KEY, thing TEXT NOT NULL REFERENCES things (id))");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** One statement: a thing, or a part of a thing. */
    record Write(boolean part, String id, String thing) {
        String sql() {
            return part ? "INSERT INTO parts VALUES ('" + id + "', '" + thing + "')"
                    : "INSERT INTO things VALUES ('" + id + "')";
        }
    }

    record Plan(List<Write> writes, boolean throwsAtEnd) {
    }

    static Plan plan(Gen g) {
        List<Write> writes = g.list(0, 4, x -> x.bool()
                ? new Write(false, "t" + x.between(0, 12), null)
                : new Write(true, "p" + x.between(0, 12), "t" + x.between(0, 12)));
        return new Plan(writes, g.chance(0.15));
    }

    @Test
    void groupsCommitExactlyWhatTheModelSays() {
        Gen.forAll(60, g -> {
            reset();
            Set<String> things = new TreeSet<>();
            Set<String> parts = new TreeSet<>();
            for (int round = 0; round < 3; round++) {
                List<Plan> plans = g.list(1, 12, GroupCommitPropertiesTest::plan);
                List<GroupedTransaction<String>> group = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    group.add(transaction(plans.get(i), "tx" + i));
                }
                run(group);
                for (int i = 0; i < plans.size(); i++) {
                    boolean commits = model(plans.get(i), things, parts);
                    Object outcome = outcome(group.get(i));
                    assertThat(outcome).as("transaction %d of %s", i, plans).isEqualTo(commits ? "tx" + i : "failed");
                }
                assertThat(rows("things")).as("things after %s", plans).isEqualTo(things);
                assertThat(rows("parts")).as("parts after %s", plans).isEqualTo(parts);
            }
        });
    }

    /** Applies a plan to the model; false (and no change) when it would fail. */
    static boolean model(Plan p, Set<String> things, Set<String> parts) {
        Set<String> t = new LinkedHashSet<>(things);
        Set<String> q = new LinkedHashSet<>(parts);
        for (Write w : p.writes()) {
            boolean ok = w.part() ? t.contains(w.thing()) && q.add(w.id()) : t.add(w.id());
            if (!ok) {
                return false;
            }
        }
        if (p.throwsAtEnd()) {
            return false;
        }
        things.addAll(t);
        parts.addAll(q);
        return true;
    }

    static GroupedTransaction<String> transaction(Plan p, String name) {
        return new GroupedTransaction<>(c -> {
            for (Write w : p.writes()) {
                exec(c, w.sql());
            }
            if (p.throwsAtEnd()) {
                throw new IllegalStateException(name + " refused after writing");
            }
            return name;
        });
    }

    static Object outcome(GroupedTransaction<String> t) {
        try {
            return t.await();
        } catch (SQLException | RuntimeException e) {
            return "failed";
        }
    }

    void run(List<GroupedTransaction<String>> group) {
        try {
            db.writes().inTransaction(c -> {
                exec(c, "ROLLBACK"); // the group opens its own transaction, as in the writer
                new CommitGroup(c, new ArrayList<>(group)).run();
                exec(c, "BEGIN IMMEDIATE");
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void reset() {
        jdbc.update("DELETE FROM parts");
        jdbc.update("DELETE FROM things");
    }

    Set<String> rows(String table) {
        return new TreeSet<>(jdbc.query("SELECT id FROM " + table, rs -> rs.getString(1)));
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
