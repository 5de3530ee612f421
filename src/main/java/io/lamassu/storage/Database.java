package io.lamassu.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The pooled data source, its dialect and migrations. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** SQLite file in WAL mode; write transactions start IMMEDIATE so writers queue instead of deadlocking. */
    public static Database sqlite(Path file) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "NORMAL");
        cfg.addDataSourceProperty("busy_timeout", "10000");
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        cfg.addDataSourceProperty("cache_size", "-65536");
        cfg.setMaximumPoolSize(4);
        cfg.setPoolName("lamassu-sqlite");
        return open(cfg, Dialect.SQLITE);
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
        return open(cfg, Dialect.POSTGRES);
    }

    private static Database open(HikariConfig cfg, Dialect dialect) {
        cfg.setAutoCommit(true);
        Database db = new Database(new HikariDataSource(cfg), dialect);
        db.migrate();
        return db;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + dialect.migrationFolder())
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
