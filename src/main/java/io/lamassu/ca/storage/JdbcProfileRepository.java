package io.lamassu.ca.storage;

import io.lamassu.ca.CaFields;
import io.lamassu.ca.IssuanceProfile;
import io.lamassu.ca.ProfileRepository;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.json.ParsedJson;
import io.lamassu.common.query.ListQuery;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.time.Clock;
import java.util.Optional;

/** Issuance profiles on SQLite or PostgreSQL (table {@code ca_profiles}; the profile JSON in {@code body}). */
public final class JdbcProfileRepository implements ProfileRepository {
    /** Profiles are read on every signing request and are few. */
    private static final ParsedJson<IssuanceProfile> BODIES = new ParsedJson<>(IssuanceProfile.class, 256);
    private final Jdbc jdbc;
    private final ListSql lists;
    private final Clock clock;

    public JdbcProfileRepository(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lists = new ListSql(jdbc, "ca_profiles", CaFields.PROFILE);
    }

    @Override
    public boolean insert(IssuanceProfile p) {
        try {
            jdbc.update("INSERT INTO ca_profiles (id, name, body, created_at) VALUES (?, ?, ?, ?)", p.id(), p.name(),
                    Json.write(p), clock.millis());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public void update(IssuanceProfile p) {
        jdbc.update("UPDATE ca_profiles SET name = ?, body = ? WHERE id = ?", p.name(), Json.write(p), p.id());
    }

    @Override
    public Optional<IssuanceProfile> find(String id) {
        return jdbc.queryOne("SELECT body FROM ca_profiles WHERE id = ?",
                rs -> BODIES.read(rs.getString(1)), id);
    }

    @Override
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM ca_profiles WHERE id = ?", id) > 0;
    }

    @Override
    public Page<IssuanceProfile> list(ListQuery q) {
        return lists.page(q, rs -> Json.read(rs.getString("body"), IssuanceProfile.class));
    }
}
