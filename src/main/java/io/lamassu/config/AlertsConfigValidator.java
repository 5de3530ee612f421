package io.lamassu.config;

import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Start-up checks of the {@code alerts} section; each names the key it checks. */
final class AlertsConfigValidator {
    private static final Set<String> TLS = Set.of("starttls", "smtps", "none");

    private AlertsConfigValidator() {
    }

    static void validate(LamassuConfig.Alerts a) {
        range("alerts.workers", a.workers(), 1, 256);
        range("alerts.poll_millis", a.pollMillis(), 10, 3_600_000);
        range("alerts.max_attempts", a.maxAttempts(), 1, 50);
        range("alerts.max_subscriptions_per_user", a.maxSubscriptionsPerUser(), 1, 100_000);
        Duration initial = duration("alerts.initial_backoff", a.initialBackoff(), Duration.ofMillis(100), Duration.ofDays(1));
        Duration max = duration("alerts.max_backoff", a.maxBackoff(), Duration.ofMillis(100), Duration.ofDays(7));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("alerts.max_backoff", "must not be shorter than alerts.initial_backoff");
        }
        duration("alerts.connect_timeout", a.connectTimeout(), Duration.ofMillis(100), Duration.ofMinutes(5));
        duration("alerts.request_timeout", a.requestTimeout(), Duration.ofMillis(100), Duration.ofMinutes(10));
        duration("alerts.delivery_retention", a.deliveryRetention(), Duration.ofHours(1), Duration.ofDays(3650));
        range("alerts.smtp_port", a.smtpPort(), 1, 65535);
        if (a.smtpHost() == null || a.smtpUsername() == null || a.smtpPassword() == null) {
            throw new ConfigException("alerts.smtp_host", "smtp_host, smtp_username and smtp_password may be empty,"
                    + " not null");
        }
        if (a.smtpFrom() == null || a.smtpFrom().isBlank()) {
            throw new ConfigException("alerts.smtp_from", "must not be empty");
        }
        if (a.smtpTls() == null || !TLS.contains(a.smtpTls().toLowerCase(Locale.ROOT))) {
            throw new ConfigException("alerts.smtp_tls", "must be one of " + TLS + " (got " + a.smtpTls() + ")");
        }
    }

    static Duration duration(String key, String text, Duration min, Duration max) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (LamassuException e) {
            throw new ConfigException(key, "is not a duration such as 30s, 5m, 1h, 30d (got " + text + ")");
        } catch (RuntimeException e) {
            throw new ConfigException(key, "is too long (got " + text + ")");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + " (got " + text + ")");
        }
        return d;
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " (got " + value + ")");
        }
    }
}
