package io.lamassu.ca.storage;

import io.lamassu.ca.CaFields;
import io.lamassu.ca.CaRepository;
import io.lamassu.ca.Certificate;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/** CAs on SQLite or PostgreSQL: table {@code ca_authorities}, read through {@code ca_authorities_view}. */
public final class JdbcCaRepository implements CaRepository {
    private static final String VIEW = "ca_authorities_view";
    private static final String PREVIOUS = "SELECT h.ca_id, c.* FROM ca_certificate_history h"
            + " JOIN ca_certificates c ON c.serial_number = h.serial_number";
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
        List<CertificateAuthority> out = new ArrayList<>(jdbc.query("SELECT * FROM " + VIEW
                + " WHERE subject_key_id = ?", JdbcCaRepository::map, ski));
        Set<String> seen = new HashSet<>();
        out.forEach(ca -> seen.add(ca.id()));
        for (Previous p : jdbc.query(PREVIOUS + " WHERE h.subject_key_id = ? ORDER BY h.replaced_at DESC",
                JdbcCaRepository::previous, ski)) {
            if (seen.add(p.caId())) {
                find(p.caId()).ifPresent(ca -> out.add(ca.withCertificate(p.certificate())));
            }
        }
        return out;
    }

    @Override
    public boolean replaceCertificate(String id, Certificate previous, String replacementSerial, Instant at) {
        if (jdbc.update("UPDATE ca_authorities SET serial_number = ? WHERE id = ? AND serial_number = ?",
                replacementSerial, id, previous.serialNumber()) != 1) {
            return false;
        }
        jdbc.update("INSERT INTO ca_certificate_history (serial_number, ca_id, subject_key_id, replaced_at)"
                + " VALUES (?, ?, ?, ?)", previous.serialNumber(), id, previous.subjectKeyId(), at.toEpochMilli());
        return true;
    }

    @Override
    public void lock(String id) {
        jdbc.query("SELECT id FROM ca_authorities WHERE id = ?" + jdbc.dialect().forUpdate(), rs -> rs.getString(1), id);
    }

    @Override
    public Optional<String> ownerOf(String serial) {
        return jdbc.queryOne("SELECT id FROM ca_authorities WHERE serial_number = ? UNION"
                + " SELECT ca_id FROM ca_certificate_history WHERE serial_number = ?", rs -> rs.getString(1), serial, serial);
    }

    @Override
    public List<Certificate> previousCertificates(String id) {
        return jdbc.query(PREVIOUS + " WHERE h.ca_id = ? ORDER BY h.replaced_at DESC, h.serial_number",
                rs -> previous(rs).certificate(), id);
    }

    @Override
    public List<Previous> previousCertificates() {
        return jdbc.query(PREVIOUS + " ORDER BY h.ca_id, h.replaced_at DESC, h.serial_number",
                JdbcCaRepository::previous);
    }

    private static Previous previous(ResultSet rs) throws SQLException {
        return new Previous(rs.getString("ca_id"), CertificateRows.mapCa(rs, "metadata"));
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
        jdbc.update("DELETE FROM ca_certificate_history WHERE ca_id = ?", id);
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
