package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V801 (issue 8, ADR 0210): copies every certificate of the JSON-body table (V200) into the DER
 * table made by V800. The body held base64 of the PEM text and the issuer metadata; the DER and the
 * issuer's serial and level become columns, every other column is copied as it is. Java rather than
 * SQL because SQLite has no base64 decoder; one class for both dialects, so they cannot drift.
 * Rows are read in serial order in pages, so a large table never sits in memory at once.
 */
public abstract class CertificatesAsDer extends BaseJavaMigration {
    private static final int PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COPIED = "serial_number, subject_common_name, subject_key_id, issuer_meta_id, status,"
            + " type, engine_id, valid_from, valid_to, revocation_timestamp, revocation_reason, metadata, key_usage,"
            + " extended_key_usage, is_ca, next_due_at";

    /** How the dialect turns a JSON text parameter into its JSON column type. */
    protected abstract String jsonParam();

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String after = "";
        int n;
        do {
            n = 0;
            try (PreparedStatement read = c.prepareStatement("SELECT " + COPIED + ", body FROM ca_certificates"
                    + " WHERE serial_number > ? ORDER BY serial_number LIMIT " + PAGE);
                 PreparedStatement write = c.prepareStatement(insertSql())) {
                read.setString(1, after);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString("serial_number");
                        bind(write, rs);
                        write.addBatch();
                        n++;
                    }
                }
                if (n > 0) {
                    write.executeBatch();
                }
            }
        } while (n == PAGE);
    }

    private String insertSql() {
        String j = jsonParam();
        return "INSERT INTO ca_certificates_der (" + COPIED + ", issuer_meta_sn, issuer_meta_level, der) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + j + ", " + j + ", " + j + ", ?, ?, ?, ?, ?)";
    }

    private static void bind(PreparedStatement w, ResultSet rs) throws SQLException, java.io.IOException {
        w.setString(1, rs.getString("serial_number"));
        w.setString(2, rs.getString("subject_common_name"));
        w.setString(3, rs.getString("subject_key_id"));
        w.setString(4, rs.getString("issuer_meta_id"));
        w.setString(5, rs.getString("status"));
        w.setString(6, rs.getString("type"));
        w.setString(7, rs.getString("engine_id"));
        w.setLong(8, rs.getLong("valid_from"));
        w.setLong(9, rs.getLong("valid_to"));
        w.setObject(10, rs.getObject("revocation_timestamp") == null ? null : rs.getLong("revocation_timestamp"),
                java.sql.Types.BIGINT);
        w.setString(11, rs.getString("revocation_reason"));
        w.setString(12, rs.getString("metadata"));
        w.setString(13, rs.getString("key_usage"));
        w.setString(14, rs.getString("extended_key_usage"));
        w.setString(15, rs.getString("is_ca"));
        w.setObject(16, rs.getObject("next_due_at") == null ? null : rs.getLong("next_due_at"), java.sql.Types.BIGINT);
        JsonNode body = JSON.readTree(rs.getString("body"));
        JsonNode issuer = body.path("issuer_metadata");
        w.setString(17, issuer.path("serial_number").asText(""));
        w.setInt(18, issuer.path("level").asInt(-1));
        w.setBytes(19, derOf(body.path("certificate").asText()));
    }

    /** The body's {@code certificate}: base64 of a PEM text holding one CERTIFICATE block. */
    static byte[] derOf(String base64Pem) {
        String pem = new String(Base64.getMimeDecoder().decode(base64Pem), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
        int end = pem.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("a stored certificate body is not PEM; migration stopped, nothing changed");
        }
        return Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end));
    }
}
