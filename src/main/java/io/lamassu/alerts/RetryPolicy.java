package io.lamassu.alerts;

import java.time.Duration;
import java.time.Instant;

/** Exponential backoff: after failed attempt n the next waits {@code initial * 2^(n-1)}, at most {@code max}. */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {
    public RetryPolicy {
        if (maxAttempts < 1 || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("invalid retry policy");
        }
    }

    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }

    public Instant nextAttempt(int failedAttempt, Instant now) {
        return now.plus(delay(failedAttempt));
    }

    public Duration delay(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 40);
        long millis = initial.toMillis();
        long capped = max.toMillis();
        // Shift with an overflow guard: beyond the cap there is nothing to compute.
        return Duration.ofMillis(millis > (capped >> doublings) ? capped : Math.min(capped, millis << doublings));
    }
}
