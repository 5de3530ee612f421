package io.lamassu.ca.storage;

import io.lamassu.ca.CaFields;
import io.lamassu.ca.CaRepository;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateType;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CAs on SQLite or PostgreSQL: table {@code ca_authorities}, read through {@code ca_authorities_view}. */
public final class JdbcCaRepository implements CaRepository {
    private static final String VIEW = "ca_authorities_view";
    private final Jdbc jdbc;
    private final ListSql lists;

    public JdbcCaRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.lists = new ListSql(jdbc, VIEW, CaFields.CA);
    }

    @Override
    public boolean insert(CertificateAuthority ca, String parentId) {
        try {
            jdbc.update("INSERT INTO ca_authorities (id, serial_number, parent_id, ca_metadata, creation_ts, level,"
                            + " profile_id) VALUES (?, ?, ?, " + jdbc.dialect().jsonParam() + ", ?, ?, ?)",
                    ca.id(), ca.serialNumber(), parentId, Json.write(ca.metadata()), ca.creationTs().toEpochMilli(),
                    ca.level(), ca.profileId());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<CertificateAuthority> find(String id) {
        return jdbc.queryOne("SELECT * FROM " + VIEW + " WHERE id = ?", JdbcCaRepository::map, id);
    }

    @Override
    public Page<CertificateAuthority> list(ListQuery q) {
        return lists.page(q, JdbcCaRepository::map);
    }

    @Override
    public List<CertificateAuthority> findBySubjectKeyId(String ski) {
        return jdbc.query("SELECT * FROM " + VIEW + " WHERE subject_key_id = ?", JdbcCaRepository::map, ski);
    }

    @Override
    public List<String> childIds(String id) {
        return jdbc.query("SELECT id FROM ca_authorities WHERE parent_id = ? ORDER BY id", rs -> rs.getString(1), id);
    }

    @Override
    public void updateMetadata(String id, Map<String, Object> metadata) {
        jdbc.update("UPDATE ca_authorities SET ca_metadata = " + jdbc.dialect().jsonParam() + " WHERE id = ?",
                Json.write(metadata), id);
    }

    @Override
    public void updateProfile(String id, String profileId) {
        jdbc.update("UPDATE ca_authorities SET profile_id = ? WHERE id = ?", profileId, id);
    }

    @Override
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM ca_authorities WHERE id = ?", id) > 0;
    }

    @Override
    public boolean anyUsesProfile(String profileId) {
        return jdbc.count("SELECT COUNT(*) FROM ca_authorities WHERE profile_id = ?", profileId) > 0;
    }

    @Override
    public List<CertificateAuthority> withKeys() {
        return jdbc.query("SELECT * FROM " + VIEW + " WHERE type <> ? ORDER BY id", JdbcCaRepository::map,
                CertificateType.IMPORTED_WITHOUT_KEY.name());
    }

    @Override
    public Map<String, Long> statusDistribution(List<Filter> filters) {
        return JdbcCertificateRepository.groupCount(jdbc, lists, VIEW, "status", filters);
    }

    @Override
    public Map<String, Long> engineDistribution(List<Filter> filters) {
        return JdbcCertificateRepository.groupCount(jdbc, lists, VIEW, "engine_id", filters);
    }

    private static CertificateAuthority map(ResultSet rs) throws SQLException {
        return new CertificateAuthority(rs.getString("id"), rs.getString("serial_number"),
                CertificateRows.mapCa(rs, "cert_metadata"), Json.readMap(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("creation_ts")), rs.getInt("level"), rs.getString("profile_id"));
    }
}
