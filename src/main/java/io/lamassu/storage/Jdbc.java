package io.lamassu.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin helpers over plain JDBC: every value is a bound parameter. */
public final class Jdbc {
    private final Tx tx;

    public Jdbc(Tx tx) {
        this.tx = tx;
    }

    public Tx tx() {
        return tx;
    }

    public Dialect dialect() {
        return tx.dialect();
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public int update(String sql, Object... params) {
        return tx.write(c -> {
            try (PreparedStatement ps = prepare(c, sql, java.util.Arrays.asList(params))) {
                return ps.executeUpdate();
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return queryList(sql, mapper, java.util.Arrays.asList(params));
    }

    public <T> List<T> queryList(String sql, RowMapper<T> mapper, List<?> params) {
        return tx.read(c -> rows(c, sql, mapper, params));
    }

    /** A statement that writes and returns rows (RETURNING, data-modifying CTEs): a write, never a read. */
    public <T> List<T> writeReturning(String sql, RowMapper<T> mapper, List<?> params) {
        return tx.write(c -> rows(c, sql, mapper, params));
    }

    private static <T> List<T> rows(Connection c, String sql, RowMapper<T> mapper, List<?> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    static PreparedStatement prepare(Connection c, String sql, List<?> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            bind(ps, i + 1, params.get(i));
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof Integer n) {
            ps.setInt(i, n);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (v instanceof BigDecimal b) {
            ps.setBigDecimal(i, b);
        } else if (v instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else {
            ps.setObject(i, v);
        }
    }
}
