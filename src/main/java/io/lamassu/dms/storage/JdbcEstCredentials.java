package io.lamassu.dms.storage;

import io.lamassu.dms.EstCredentials;
import io.lamassu.storage.Jdbc;
import java.util.Optional;

/** The EST Basic credential in the {@code dms} row's {@code est_basic_*} columns (V850). */
public final class JdbcEstCredentials implements EstCredentials {
    private final Jdbc jdbc;

    public JdbcEstCredentials(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Stored> find(String dmsId) {
        return jdbc.queryOne("SELECT est_basic_username, est_basic_password_hash FROM dms WHERE id = ?"
                + " AND est_basic_password_hash IS NOT NULL", rs -> new Stored(rs.getString(1), rs.getString(2)), dmsId);
    }

    @Override
    public boolean set(String dmsId, String username, String passwordHash) {
        return jdbc.update("UPDATE dms SET est_basic_username = ?, est_basic_password_hash = ? WHERE id = ?",
                username, passwordHash, dmsId) > 0;
    }

    @Override
    public boolean clear(String dmsId) {
        return jdbc.update("UPDATE dms SET est_basic_username = NULL, est_basic_password_hash = NULL WHERE id = ?",
                dmsId) > 0;
    }
}
