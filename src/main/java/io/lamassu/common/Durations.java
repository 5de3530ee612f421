package io.lamassu.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream duration strings such as {@code "1y"}, {@code "2w3d"}, {@code "36h"}, {@code "90s"}.
 * Units: ms, s, m, h, d (24 h), w (7 d), y. Upstream defines a year as 8736 h (364 days); we keep
 * that definition so that settings written for upstream mean the same here (documented in README).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|us|µs|ns|s|m|h|d|w|y)");
    private static final long YEAR_HOURS = 8736;
    /**
     * The longest duration accepted anywhere (1000 upstream years): far beyond any certificate
     * validity or setting, yet small enough that {@code now + d} never overflows {@code Instant}
     * or X.509's GeneralizedTime (year 9999). "99999999999y" is refused here, on input.
     */
    public static final Duration MAX = Duration.ofHours(YEAR_HOURS * 1000);
    /** Longest duration text accepted (each number at most 12 digits, bounded again by MAX). */
    static final int MAX_TEXT = 64;
    private static final int MAX_DIGITS = 12;

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw LamassuException.badRequest("INVALID_DURATION", "duration is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw LamassuException.badRequest("INVALID_DURATION", "duration is longer than " + MAX_TEXT + " characters");
        }
        Matcher m = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(text);
            }
            if (m.group(1).length() > MAX_DIGITS) {
                throw tooLong(text);
            }
            try {
                total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
            } catch (ArithmeticException e) {
                throw tooLong(text);
            }
            if (total.compareTo(MAX) > 0) {
                throw tooLong(text);
            }
            end = m.end();
        }
        if (end != text.trim().length() || end == 0) {
            throw invalid(text);
        }
        return total;
    }

    /** Normalised to the largest units, as upstream prints durations ("1w" rather than "7d"). */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (seconds == 0 && d.getNano() == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] sizes = {YEAR_HOURS * 3600, 7 * 86400, 86400, 3600, 60, 1};
        String[] names = {"y", "w", "d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                sb.append(seconds / sizes[i]).append(names[i]);
                seconds %= sizes[i];
            }
        }
        long millis = d.getNano() / 1_000_000;
        if (millis > 0) {
            sb.append(millis).append("ms");
        }
        return sb.toString();
    }

    private static Duration unit(long n, String unit) {
        return switch (unit) {
            case "ns" -> Duration.ofNanos(n);
            case "us", "µs" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofHours(YEAR_HOURS * n);
        };
    }

    private static LamassuException tooLong(String text) {
        return LamassuException.badRequest("INVALID_DURATION",
                "duration '" + text + "' is longer than the maximum of " + format(MAX));
    }

    private static LamassuException invalid(String text) {
        return LamassuException.badRequest("INVALID_DURATION",
                "invalid duration '" + text + "' (expected e.g. 1y, 2w3d, 36h, 90s)");
    }
}
