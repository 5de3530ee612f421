package io.lamassu.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Start-up checks of the {@code events} section; each names the key it checks. */
final class EventsConfigValidator {
    private static final Set<String> BROKERS = Set.of(LamassuConfig.Events.INPROCESS, LamassuConfig.Events.RABBITMQ);
    // AMQP 0-9-1 short strings; RabbitMQ also refuses the reserved "amq." prefix for names we declare.
    private static final String NAME = "[A-Za-z0-9_.:-]{1,200}";

    private EventsConfigValidator() {
    }

    static void validate(LamassuConfig.Events e) {
        if (e.broker() == null || !BROKERS.contains(e.broker())) {
            throw new ConfigException("events.broker", "must be one of " + BROKERS + " (got " + e.broker() + ")");
        }
        if (e.isRabbitMq()) {
            amqpUrl(e.amqpUrl());
        }
        name("events.exchange", e.exchange());
        name("events.dead_letter_exchange", e.deadLetterExchange());
        name("events.queue_prefix", e.queuePrefix());
        if (e.exchange().equals(e.deadLetterExchange())) {
            throw new ConfigException("events.dead_letter_exchange", "must differ from events.exchange");
        }
        if (e.consumerRetries() < 0 || e.consumerRetries() > 20) {
            throw new ConfigException("events.consumer_retries", "must be between 0 and 20 (got "
                    + e.consumerRetries() + ")");
        }
        if (e.prefetch() < 1 || e.prefetch() > 10_000) {
            throw new ConfigException("events.prefetch", "must be between 1 and 10000 (got " + e.prefetch() + ")");
        }
        Duration initial = AlertsConfigValidator.duration("events.retry_initial_backoff", e.retryInitialBackoff(),
                Duration.ofMillis(1), Duration.ofHours(1));
        Duration max = AlertsConfigValidator.duration("events.retry_max_backoff", e.retryMaxBackoff(),
                Duration.ofMillis(1), Duration.ofHours(1));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("events.retry_max_backoff", "must not be shorter than events.retry_initial_backoff");
        }
        AlertsConfigValidator.duration("events.confirm_timeout", e.confirmTimeout(), Duration.ofMillis(100),
                Duration.ofMinutes(5));
    }

    private static void amqpUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("events.amqp_url", "must be set when events.broker is rabbitmq"
                    + " (amqp://user:pass@host:5672/vhost, or amqps:// for TLS)");
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("amqp") || scheme.equals("amqps")) || u.getHost() == null) {
                throw new ConfigException("events.amqp_url", "must be amqp://user:pass@host:5672/vhost or amqps://..."
                        + " (got " + LamassuConfig.Events.maskedUrl(url) + ")");
            }
            if ("/".equals(u.getRawPath())) {
                // By the AMQP URI spec a bare trailing '/' names the empty virtual host, which RabbitMQ
                // does not have: the server would start and stay DEGRADED. Say so at start-up instead.
                throw new ConfigException("events.amqp_url", "names the empty virtual host (a trailing '/'): drop the"
                        + " '/' for the default virtual host, or write /%2F (got " + LamassuConfig.Events.maskedUrl(url) + ")");
            }
        } catch (URISyntaxException ex) {
            throw new ConfigException("events.amqp_url", "is not a URL (got " + LamassuConfig.Events.maskedUrl(url) + ")");
        }
    }

    private static void name(String key, String value) {
        if (value == null || !value.matches(NAME) || value.startsWith("amq.")) {
            throw new ConfigException(key, "must be 1-200 characters of A-Z a-z 0-9 _ . : - and not start with amq."
                    + " (got " + value + ")");
        }
    }
}
