package io.lamassu.alerts.internal;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * JSON Schema {@code pattern} with a time limit. A user-supplied regular expression can take
 * exponential time on a crafted input ("(a+)+$"), and conditions run on the event flow; the
 * input's {@code charAt} checks a deadline, so a runaway match fails (no match) instead of
 * stalling every event behind it.
 */
final class BoundedRegex implements RegularExpression {
    static final RegularExpressionFactory FACTORY = BoundedRegex::new;
    private static final long LIMIT_NANOS = 20_000_000;
    private final Pattern pattern;

    private BoundedRegex(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    @Override
    public boolean matches(String value) {
        return pattern.matcher(new Deadline(value, System.nanoTime() + LIMIT_NANOS)).find();
    }

    /** A string whose reads fail once the deadline has passed (checked every 1024 reads). */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 1023) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("regular expression took too long");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
