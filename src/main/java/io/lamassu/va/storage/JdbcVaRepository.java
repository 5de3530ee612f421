package io.lamassu.va.storage;

import io.lamassu.storage.Dialect;
import io.lamassu.storage.Jdbc;
import io.lamassu.va.DelegatedResponder;
import io.lamassu.va.StoredCrl;
import io.lamassu.va.VaRepository;
import io.lamassu.va.VaRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The validation authority's tables ({@code va_roles}, {@code va_crls}, {@code va_status_changes},
 * {@code va_ocsp_responders}) on either database.
 */
public final class JdbcVaRepository implements VaRepository {
    /** CRLs kept per CA key besides the latest ones (for audit and for clients holding an older base). */
    static final int KEEP = 100;
    private final Jdbc jdbc;

    public JdbcVaRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertIfAbsent(VaRole r, Instant dueAt, Instant now) {
        if (find(r.caSki()).isPresent()) {
            return false;
        }
        // ON CONFLICT rather than catching the unique violation: on PostgreSQL that would abort the
        // caller's transaction (the CA's creation, or the role's own with its event).
        return jdbc.update("INSERT INTO va_roles (ca_ski, ca_id, crl_validity_ms, crl_refresh_ms,"
                        + " regenerate_on_revoke, delta_enabled, delta_validity_ms, ocsp_validity_ms, ocsp_delegated,"
                        + " ocsp_delegated_validity_ms, crl_number, base_number, delta_number, changes, crl_due_at,"
                        + " created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        // A role made again for a key that had one continues its CRL numbers (RFC 5280 §5.2.3).
                        + " COALESCE((SELECT MAX(crl_number) FROM va_crls WHERE ca_ski = ?), 0), 0, 0, 0, ?, ?)"
                        + " ON CONFLICT (ca_ski) DO NOTHING",
                r.caSki(), r.caId(), r.crl().validity().toMillis(), r.crl().refreshInterval().toMillis(),
                bit(r.crl().regenerateOnRevoke()), bit(r.crl().deltaEnabled()), r.crl().deltaValidity().toMillis(),
                r.ocsp().validity().toMillis(), bit(r.ocsp().delegated()), r.ocsp().delegatedValidity().toMillis(),
                r.caSki(), dueAt.toEpochMilli(), now.toEpochMilli()) == 1;
    }

    @Override
    public Optional<VaRole> find(String caSki) {
        return jdbc.queryOne("SELECT * FROM va_roles WHERE ca_ski = ?", JdbcVaRepository::role, caSki);
    }

    @Override
    public List<VaRole> list() {
        return jdbc.query("SELECT * FROM va_roles ORDER BY created_at, ca_ski", JdbcVaRepository::role);
    }

    @Override
    public Optional<VaRole> lockRole(String caSki) {
        String forUpdate = jdbc.dialect() == Dialect.POSTGRES ? " FOR UPDATE" : "";
        return jdbc.queryOne("SELECT * FROM va_roles WHERE ca_ski = ?" + forUpdate, JdbcVaRepository::role, caSki);
    }

    @Override
    public void updateOptions(VaRole r) {
        // A changed option takes effect at once: the next CRL is due now. Turning delegation on or off,
        // or changing the responders' lifetime, bumps the signer generation (SET reads the old row), so
        // a responder issued under the old options loses its conditional switch.
        jdbc.update("UPDATE va_roles SET ocsp_signer_generation = ocsp_signer_generation"
                        + " + CASE WHEN ocsp_delegated <> ? OR ocsp_delegated_validity_ms <> ? THEN 1 ELSE 0 END,"
                        + " crl_validity_ms = ?, crl_refresh_ms = ?, regenerate_on_revoke = ?,"
                        + " delta_enabled = ?, delta_validity_ms = ?, ocsp_validity_ms = ?, ocsp_delegated = ?,"
                        + " ocsp_delegated_validity_ms = ?, ocsp_signer_due_at = ?, crl_due_at = 0,"
                        + " delta_due_at = NULL WHERE ca_ski = ?",
                bit(r.ocsp().delegated()), r.ocsp().delegatedValidity().toMillis(),
                r.crl().validity().toMillis(), r.crl().refreshInterval().toMillis(), bit(r.crl().regenerateOnRevoke()),
                bit(r.crl().deltaEnabled()), r.crl().deltaValidity().toMillis(), r.ocsp().validity().toMillis(),
                bit(r.ocsp().delegated()), r.ocsp().delegatedValidity().toMillis(), millis(r.responder().dueAt()),
                r.caSki());
    }

    @Override
    public List<String> due(Instant now, int limit) {
        long t = now.toEpochMilli();
        return jdbc.query("SELECT ca_ski FROM va_roles WHERE crl_due_at <= ? OR delta_due_at <= ?"
                + " ORDER BY ca_ski LIMIT ?", rs -> rs.getString(1), t, t, limit);
    }

    @Override
    public boolean store(StoredCrl crl, long changesSeen, Instant nextDue, Instant deltaDue) {
        return jdbc.tx().inTransaction(() -> {
            int n = crl.delta() ? jdbc.update("UPDATE va_roles SET crl_number = ?, delta_number = ?,"
                            + " delta_this_update = ?, delta_next_update = ?,"
                            + " delta_due_at = CASE WHEN changes = ? THEN ? ELSE delta_due_at END"
                            + " WHERE ca_ski = ? AND crl_number = ?",
                    crl.number(), crl.number(), crl.thisUpdate().toEpochMilli(), crl.nextUpdate().toEpochMilli(),
                    changesSeen, millis(deltaDue), crl.caSki(), crl.number() - 1)
                    : jdbc.update("UPDATE va_roles SET crl_number = ?, base_number = ?, base_this_update = ?,"
                            + " base_next_update = ?, crl_due_at = CASE WHEN changes = ? THEN ? ELSE crl_due_at END,"
                            + " delta_due_at = ? WHERE ca_ski = ? AND crl_number = ?",
                    crl.number(), crl.number(), crl.thisUpdate().toEpochMilli(), crl.nextUpdate().toEpochMilli(),
                    changesSeen, nextDue.toEpochMilli(), millis(deltaDue), crl.caSki(), crl.number() - 1);
            if (n == 0) {
                return false;
            }
            jdbc.update("INSERT INTO va_crls (ca_ski, crl_number, delta, base_number, this_update, next_update, der)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", crl.caSki(), crl.number(), bit(crl.delta()),
                    crl.baseNumber(), crl.thisUpdate().toEpochMilli(), crl.nextUpdate().toEpochMilli(), crl.der());
            jdbc.update("DELETE FROM va_crls WHERE ca_ski = ? AND crl_number < ?", crl.caSki(), crl.number() - KEEP);
            return true;
        });
    }

    @Override
    public Optional<StoredCrl> latest(String caSki, boolean delta) {
        // The role row names the latest number, so this is one primary-key read.
        String column = delta ? "delta_number" : "base_number";
        return jdbc.queryOne("SELECT c.ca_ski, c.crl_number, c.delta, c.base_number, c.this_update, c.next_update,"
                + " c.der FROM va_roles r JOIN va_crls c ON c.ca_ski = r.ca_ski AND c.crl_number = r." + column
                + " WHERE r.ca_ski = ?", JdbcVaRepository::crl, caSki);
    }

    @Override
    public void recordChange(String caSki, String caId, String serial, boolean wasRevoked, Instant now) {
        long t = now.toEpochMilli();
        jdbc.update("INSERT INTO va_status_changes (ca_id, serial_number, changed_at, was_revoked) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (ca_id, serial_number) DO UPDATE SET changed_at = excluded.changed_at,"
                + " was_revoked = excluded.was_revoked", caId, serial, t, bit(wasRevoked));
        jdbc.update("UPDATE va_roles SET changes = changes + 1,"
                + " crl_due_at = CASE WHEN regenerate_on_revoke = 1 AND delta_enabled = 0 AND crl_due_at > ?"
                + " THEN ? ELSE crl_due_at END,"
                + " delta_due_at = CASE WHEN regenerate_on_revoke = 1 AND delta_enabled = 1"
                + " AND (delta_due_at IS NULL OR delta_due_at > ?) THEN ? ELSE delta_due_at END"
                + " WHERE ca_ski = ?", t, t, t, t, caSki);
    }

    @Override
    public List<Change> changesSince(List<String> caIds, Instant since) {
        if (caIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(caIds);
        params.add(since.toEpochMilli());
        return jdbc.queryList("SELECT serial_number, was_revoked, changed_at FROM va_status_changes WHERE ca_id IN ("
                        + marks(caIds.size()) + ") AND changed_at >= ?",
                rs -> new Change(rs.getString(1), rs.getInt(2) == 1, Instant.ofEpochMilli(rs.getLong(3))), params);
    }

    @Override
    public void pruneChanges(List<String> caIds, Instant before) {
        if (caIds.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(caIds);
        params.add(before.toEpochMilli());
        jdbc.update("DELETE FROM va_status_changes WHERE ca_id IN (" + marks(caIds.size()) + ") AND changed_at < ?",
                params.toArray());
    }

    @Override
    public Optional<DelegatedResponder> currentResponder(String caSki) {
        return jdbc.queryOne("SELECT o.serial_number, o.ca_ski, o.ca_id, o.ca_serial, o.key_id, o.not_before,"
                + " o.not_after, o.generation, o.der FROM va_roles r JOIN va_ocsp_responders o"
                + " ON o.serial_number = r.ocsp_signer_serial WHERE r.ca_ski = ?", JdbcVaRepository::responder, caSki);
    }

    @Override
    public List<String> claimRespondersDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.tx().inTransaction(() -> {
            List<String> skis = jdbc.query("SELECT ca_ski FROM va_roles WHERE ocsp_signer_due_at <= ?"
                            + " ORDER BY ocsp_signer_due_at, ca_ski LIMIT ?" + jdbc.dialect().skipLocked(),
                    rs -> rs.getString(1), now.toEpochMilli(), limit);
            if (!skis.isEmpty()) {
                List<Object> params = new ArrayList<>(List.of(leaseUntil.toEpochMilli()));
                params.addAll(skis);
                jdbc.update("UPDATE va_roles SET ocsp_signer_due_at = ? WHERE ca_ski IN (" + marks(skis.size()) + ")",
                        params.toArray());
            }
            return skis;
        });
    }

    @Override
    public boolean switchResponder(String caSki, long expectedGeneration, DelegatedResponder next, Instant now,
                                   Instant nextDue) {
        return jdbc.tx().inTransaction(() -> {
            long t = now.toEpochMilli();
            int n = jdbc.update("UPDATE va_roles SET ocsp_signer_generation = ocsp_signer_generation + 1,"
                            + " ocsp_signer_serial = ?, ocsp_signer_ca_serial = ?, ocsp_signer_due_at = ?"
                            + " WHERE ca_ski = ? AND ocsp_signer_generation = ?",
                    next == null ? null : next.serialNumber(), next == null ? null : next.caSerial(), millis(nextDue),
                    caSki, expectedGeneration);
            if (n == 0) {
                return false;
            }
            jdbc.update("UPDATE va_ocsp_responders SET retired_at = ? WHERE ca_ski = ? AND retired_at IS NULL", t,
                    caSki);
            if (next != null) {
                jdbc.update("INSERT INTO va_ocsp_responders (serial_number, ca_ski, ca_id, ca_serial, key_id,"
                                + " not_before, not_after, generation, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        next.serialNumber(), caSki, next.caId(), next.caSerial(), next.keyId(),
                        next.notBefore().toEpochMilli(), next.notAfter().toEpochMilli(), expectedGeneration + 1,
                        next.der());
            }
            return true;
        });
    }

    @Override
    public boolean responderDue(String caSki, long expectedGeneration, Instant dueAt) {
        return jdbc.update("UPDATE va_roles SET ocsp_signer_due_at = ? WHERE ca_ski = ? AND ocsp_signer_generation = ?",
                millis(dueAt), caSki, expectedGeneration) == 1;
    }

    @Override
    public void markResponderDue(String caSki, Instant dueAt) {
        jdbc.update("UPDATE va_roles SET ocsp_signer_generation = ocsp_signer_generation + 1, ocsp_signer_due_at = ?"
                + " WHERE ca_ski = ? AND ocsp_delegated = 1", dueAt.toEpochMilli(), caSki);
    }

    @Override
    public void afterCommit(Runnable hook) {
        jdbc.tx().afterCommit(hook);
    }

    @Override
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return jdbc.tx().inTransaction(work);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static VaRole role(ResultSet rs) throws SQLException {
        VaRole.CrlOptions crl = new VaRole.CrlOptions(Duration.ofMillis(rs.getLong("crl_validity_ms")),
                Duration.ofMillis(rs.getLong("crl_refresh_ms")), rs.getInt("regenerate_on_revoke") == 1,
                rs.getInt("delta_enabled") == 1, Duration.ofMillis(rs.getLong("delta_validity_ms")));
        VaRole.Issued issued = new VaRole.Issued(rs.getLong("crl_number"), rs.getLong("base_number"),
                instant(rs, "base_this_update"), instant(rs, "base_next_update"), rs.getLong("delta_number"),
                instant(rs, "delta_this_update"), instant(rs, "delta_next_update"), rs.getLong("changes"),
                instant(rs, "crl_due_at"), instant(rs, "delta_due_at"));
        VaRole.OcspOptions ocsp = new VaRole.OcspOptions(Duration.ofMillis(rs.getLong("ocsp_validity_ms")),
                rs.getInt("ocsp_delegated") == 1, Duration.ofMillis(rs.getLong("ocsp_delegated_validity_ms")));
        VaRole.ResponderState responder = new VaRole.ResponderState(rs.getLong("ocsp_signer_generation"),
                rs.getString("ocsp_signer_serial"), rs.getString("ocsp_signer_ca_serial"),
                instant(rs, "ocsp_signer_due_at"));
        return new VaRole(rs.getString("ca_ski"), rs.getString("ca_id"), crl, ocsp, issued, responder);
    }

    private static DelegatedResponder responder(ResultSet rs) throws SQLException {
        return new DelegatedResponder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                rs.getLong(8), rs.getBytes(9));
    }

    private static StoredCrl crl(ResultSet rs) throws SQLException {
        return new StoredCrl(rs.getString(1), rs.getLong(2), rs.getInt(3) == 1, rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getBytes(7));
    }
}
