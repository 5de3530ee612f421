package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.JsonPathPredicate.And;
import io.lamassu.common.query.JsonPathPredicate.Compare;
import io.lamassu.common.query.JsonPathPredicate.Comparison;
import io.lamassu.common.query.JsonPathPredicate.Exists;
import io.lamassu.common.query.JsonPathPredicate.Not;
import io.lamassu.common.query.JsonPathPredicate.Or;
import io.lamassu.common.query.JsonPathPredicate.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for {@link JsonPathPredicate}; every syntax error is a 400. */
final class JsonPathParser {
    private static final int MAX_LENGTH = 500;
    private static final int MAX_INDEX_DIGITS = 6;
    private static final int MAX_MAGNITUDE_DIGITS = 300;
    private final String src;
    private int pos;

    JsonPathParser(String src) {
        if (src == null || src.isBlank() || src.length() > MAX_LENGTH) {
            throw error("expression is empty or longer than " + MAX_LENGTH + " characters");
        }
        this.src = src;
    }

    JsonPathPredicate parsePredicate() {
        JsonPathPredicate p = parseOr();
        skipSpace();
        if (pos != src.length()) {
            throw error("unexpected '" + src.substring(pos) + "'");
        }
        return p;
    }

    Path parseSimplePath() {
        skipSpace();
        Path p = parsePath();
        skipSpace();
        if (pos != src.length()) {
            throw error("unexpected '" + src.substring(pos) + "'");
        }
        return p;
    }

    private JsonPathPredicate parseOr() {
        List<JsonPathPredicate> parts = new ArrayList<>(List.of(parseAnd()));
        while (accept("||")) {
            parts.add(parseAnd());
        }
        return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    private JsonPathPredicate parseAnd() {
        List<JsonPathPredicate> parts = new ArrayList<>(List.of(parseUnary()));
        while (accept("&&")) {
            parts.add(parseUnary());
        }
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    private JsonPathPredicate parseUnary() {
        if (accept("!")) {
            expect("(");
            JsonPathPredicate inner = parseOr();
            expect(")");
            return new Not(inner);
        }
        if (accept("(")) {
            JsonPathPredicate inner = parseOr();
            expect(")");
            return inner;
        }
        if (accept("exists")) {
            expect("(");
            Path p = parsePath();
            expect(")");
            return new Exists(p);
        }
        return parseComparison();
    }

    private JsonPathPredicate parseComparison() {
        skipSpace();
        if (peek() == '$') {
            Path path = parsePath();
            Comparison op = parseOp();
            return compare(path, op, parseLiteral());
        }
        Object literal = parseLiteral();
        Comparison op = parseOp();
        return compare(parsePath(), flip(op), literal);
    }

    /** Ordering is defined for numbers and strings only (ADR 0005): {@code $.x < true} is refused, not guessed. */
    private static Compare compare(Path path, Comparison op, Object literal) {
        boolean ordering = op != Comparison.EQ && op != Comparison.NE;
        if (ordering && (literal == null || literal instanceof Boolean)) {
            throw error("'" + op.symbol() + "' needs a number or a string, not " + literal);
        }
        return new Compare(path, op, literal);
    }

    private static Comparison flip(Comparison op) {
        return switch (op) {
            case LT -> Comparison.GT;
            case LE -> Comparison.GE;
            case GT -> Comparison.LT;
            case GE -> Comparison.LE;
            default -> op;
        };
    }

    private Comparison parseOp() {
        skipSpace();
        for (String s : List.of("==", "!=", "<>", "<=", ">=", "<", ">")) {
            if (src.startsWith(s, pos)) {
                pos += s.length();
                return switch (s) {
                    case "==" -> Comparison.EQ;
                    case "!=", "<>" -> Comparison.NE;
                    case "<=" -> Comparison.LE;
                    case ">=" -> Comparison.GE;
                    case "<" -> Comparison.LT;
                    default -> Comparison.GT;
                };
            }
        }
        throw error("expected a comparison operator at position " + pos);
    }

    private Path parsePath() {
        skipSpace();
        if (peek() != '$') {
            throw error("a path must start with '$' at position " + pos);
        }
        pos++;
        List<Object> steps = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '.') {
                pos++;
                steps.add(peek() == '"' ? parseString() : parseIdentifier());
            } else if (c == '[') {
                pos++;
                steps.add(parseIndex());
            } else {
                break;
            }
        }
        if (steps.isEmpty()) {
            throw error("a path needs at least one key, e.g. $.location");
        }
        return new Path(steps);
    }

    private Integer parseIndex() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (start == pos || peek() != ']' || pos - start > MAX_INDEX_DIGITS) {
            throw error("only numeric array indexes like [0] (up to " + MAX_INDEX_DIGITS + " digits) are supported");
        }
        int value = Integer.parseInt(src.substring(start, pos));
        pos++;
        return value;
    }

    private String parseIdentifier() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key name at position " + pos);
        }
        return src.substring(start, pos);
    }

    private Object parseLiteral() {
        skipSpace();
        char c = peek();
        if (c == '"') {
            return parseString();
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = pos;
            pos++;
            while (pos < src.length() && "0123456789.eE+-".indexOf(src.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return bounded(new BigDecimal(src.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw error("invalid number '" + src.substring(start, pos) + "'");
            }
        }
        for (String word : List.of("true", "false", "null")) {
            if (src.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        throw error("expected a literal (string, number, true, false, null) at position " + pos);
    }

    /**
     * Numbers are compared as IEEE doubles on SQLite: beyond about 1e300, or with hundreds of
     * decimals, the two databases would disagree (and the literal's plain text would be huge).
     */
    private static BigDecimal bounded(BigDecimal b) {
        if (b.signum() != 0 && (b.precision() - b.scale() > MAX_MAGNITUDE_DIGITS || b.scale() > MAX_MAGNITUDE_DIGITS)) {
            throw error("number '" + b + "' is out of range (at most " + MAX_MAGNITUDE_DIGITS
                    + " digits before or after the decimal point)");
        }
        return b;
    }

    private String parseString() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= src.length()) {
                    break;
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"', '\\', '/' -> sb.append(e);
                    default -> throw error("unsupported escape '\\" + e + "'");
                }
            } else if (Character.isISOControl(c)) {
                throw error("control character in a string; write \\n or \\t");
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private boolean accept(String token) {
        skipSpace();
        if (src.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "' at position " + pos);
        }
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private static LamassuException error(String detail) {
        return LamassuException.badRequest("INVALID_JSONPATH", "unsupported JSONPath expression: " + detail);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String render(JsonPathPredicate p) {
        if (p instanceof Compare c) {
            return c.path().text() + " " + c.op().symbol() + " " + literal(c.literal());
        }
        if (p instanceof Exists e) {
            return "exists(" + e.path().text() + ")";
        }
        if (p instanceof Not n) {
            return "!(" + render(n.inner()) + ")";
        }
        List<JsonPathPredicate> parts = p instanceof And a ? a.parts() : ((Or) p).parts();
        String sep = p instanceof And ? " && " : " || ";
        return "(" + String.join(sep, parts.stream().map(JsonPathParser::render).toList()) + ")";
    }

    private static String literal(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return quote(s);
        }
        return o instanceof BigDecimal b ? b.toPlainString() : o.toString();
    }
}
