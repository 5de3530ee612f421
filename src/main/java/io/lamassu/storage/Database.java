package io.lamassu.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lamassu.storage.files.SecretFiles;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The pooled data source for reads, where write transactions run, the dialect and migrations. */
public final class Database implements AutoCloseable {
    /** How often SQLite's WAL is checkpointed in the background (see {@link SqliteWriter}). */
    static final long SQLITE_CHECKPOINT_MILLIS = 100;
    private final HikariDataSource dataSource;
    private final WriteTransactions writes;
    private final Dialect dialect;
    private final boolean textInCodePointOrder;

    private Database(HikariDataSource dataSource, WriteTransactions writes, Dialect dialect) {
        this.dataSource = dataSource;
        this.writes = writes;
        this.dialect = dialect;
        this.textInCodePointOrder = dialect == Dialect.SQLITE || TextOrder.codePoint(dataSource);
    }

    /**
     * SQLite file in WAL mode. Writes go through one dedicated connection ({@link SqliteWriter});
     * the pooled connections only read, and are opened query-only so nothing can bypass the writer.
     */
    static final int SQLITE_PAGE_SIZE = 16384;

    /**
     * New files only (an existing file keeps its page size): a ~1 KB certificate row left a quarter
     * of each 4 KB page empty (3 rows per page); 16 KB pages hold 15 (ADR 0210). The page size is
     * fixed once the file is in WAL mode, so it is set first, on the still empty file.
     */
    private static void createWithPageSize(Path file, String url) {
        try {
            if (java.nio.file.Files.exists(file) && java.nio.file.Files.size(file) > 0) {
                return;
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA page_size = " + SQLITE_PAGE_SIZE);
                st.execute("PRAGMA journal_mode = WAL");
            }
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot create the SQLite file " + file, e);
        }
    }

    public static Database sqlite(Path file) {
        return sqlite(file, SQLITE_CHECKPOINT_MILLIS);
    }

    static Database sqlite(Path file, long checkpointEveryMillis) {
        ownerOnly(file);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(10000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-65536);
        createWithPageSize(file, url);
        SQLiteDataSource direct = new SQLiteDataSource(sqlite);
        direct.setUrl(url);
        migrate(direct, Dialect.SQLITE);
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(direct);
        cfg.setConnectionInitSql("PRAGMA query_only = 1");
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("lamassu-sqlite");
        cfg.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(cfg);
        try {
            return new Database(pool, new SqliteWriter(url, sqlite, checkpointEveryMillis), Dialect.SQLITE);
        } catch (SQLException e) {
            pool.close();
            throw Tx.storageFailure(e);
        }
    }

    /**
     * The database, its WAL and SHM are 0600 before SQLite opens them: SQLite creates -wal and -shm
     * with the database file's mode, and files an older version left 0644 are tightened.
     */
    private static void ownerOnly(Path file) {
        try {
            SecretFiles.ownerOnlyFile(file);
            SecretFiles.restrictIfPresent(file.resolveSibling(file.getFileName() + "-wal"));
            SecretFiles.restrictIfPresent(file.resolveSibling(file.getFileName() + "-shm"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the database file " + file, e);
        }
    }

    public static Database postgres(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("lamassu-pg");
        // Filters are bound parameters over skewed data (a status held by 3 % of a million devices):
        // a cached generic plan ignores the value and can walk the wrong index for 100 ms or more,
        // and only a custom plan can use an expression index on a metadata sort path.
        cfg.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        cfg.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(cfg);
        migrate(pool, Dialect.POSTGRES);
        return new Database(pool, new PooledWriteTransactions(pool), Dialect.POSTGRES);
    }

    private static void migrate(DataSource ds, Dialect dialect) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/" + dialect.migrationFolder())
                .load()
                .migrate();
    }

    /**
     * Binds the pool to {@code registry} (HikariCP's own Micrometer meters: {@code hikaricp_connections_*},
     * tagged by pool) and, on SQLite, the group-commit size histogram {@code lamassu.sqlite.commit.group.size}.
     */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricRegistry(registry);
        if (writes instanceof SqliteWriter w) {
            DistributionSummary sizes = DistributionSummary.builder("lamassu.sqlite.commit.group.size")
                    .description("Transactions committed together by the SQLite writer (one fsync each group)")
                    .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                    .register(registry);
            w.observeGroupSizes(sizes::record);
        }
    }

    /** Connections for reads outside a transaction (on SQLite they cannot write). */
    public DataSource dataSource() {
        return dataSource;
    }

    WriteTransactions writes() {
        return writes;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * True when the database orders text by Unicode code point as SQLite does (ADR 0005); else
     * text sorts need {@code COLLATE "C"}, which the database's own text indexes cannot serve.
     */
    public boolean textInCodePointOrder() {
        return textInCodePointOrder;
    }

    @Override
    public void close() {
        writes.close();
        dataSource.close();
    }
}
