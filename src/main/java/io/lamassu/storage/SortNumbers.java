package io.lamassu.storage;

import io.lamassu.common.LamassuException;
import java.math.BigDecimal;

/**
 * Numbers in keyset cursors: written exactly as the database returned them, read back with bounds
 * (a client can alter a bookmark) and bound as the type the database compares best.
 */
final class SortNumbers {
    private static final int MAX_TEXT = 1100;
    private static final int MAX_DIGITS = 1000;

    private SortNumbers() {
    }

    static String encode(Object v) {
        if (v instanceof Double d && d.isInfinite()) {
            return d > 0 ? "Infinity" : "-Infinity"; // SQLite reads JSON numbers beyond 1e308 as infinity
        }
        if (v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString()).toString();
        }
        return v.toString();
    }

    /** The bound parameter for an encoded number, or a 400 when it is not one this server writes. */
    static Object decode(String s, Dialect d) {
        if (d == Dialect.SQLITE && (s.equals("Infinity") || s.equals("-Infinity"))) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        BigDecimal b;
        try {
            if (s.length() > MAX_TEXT) {
                throw new NumberFormatException();
            }
            b = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw malformed();
        }
        if (b.signum() != 0 && (b.precision() - b.scale() > MAX_DIGITS || b.scale() > MAX_DIGITS)) {
            throw malformed();
        }
        return bind(b, d);
    }

    /** Integers as BIGINT (index-friendly on both); SQLite compares other numbers as doubles. */
    static Object bind(BigDecimal b, Dialect d) {
        try {
            return b.longValueExact();
        } catch (ArithmeticException notALong) {
            return d == Dialect.POSTGRES ? b : (Object) b.doubleValue();
        }
    }

    static LamassuException malformed() {
        return LamassuException.badRequest("INVALID_BOOKMARK", "invalid bookmark: its position is malformed");
    }
}
