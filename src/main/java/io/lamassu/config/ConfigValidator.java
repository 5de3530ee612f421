package io.lamassu.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/** Start-up validation: each rule names the key it checks, so a bad deployment fails with an actionable message. */
final class ConfigValidator {
    private static final Set<String> ROLES = Set.of("admin", "operator", "viewer");
    // RFC 1123 host name; a leading "*." label is allowed for wildcard SANs.
    private static final String HOSTNAME =
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";

    private ConfigValidator() {
    }

    static void validate(LamassuConfig c) {
        if (c.dataDir() == null || c.dataDir().toString().isBlank()) {
            throw new ConfigException("data_dir", "must not be empty");
        }
        server(c.server());
        storage(c.storage());
        auth(c.auth());
        url("pki.public_base_url", c.pki().publicBaseUrl(), true);
        positive("jobs.expiry_interval_millis", c.jobs().expiryIntervalMillis());
        positive("jobs.device_lifecycle_interval_millis", c.jobs().deviceLifecycleIntervalMillis());
        positive("jobs.outbox_poll_millis", c.jobs().outboxPollMillis());
        AlertsConfigValidator.validate(c.alerts());
        EventsConfigValidator.validate(c.events());
        String format = c.logging().format();
        if (!format.equals(LamassuConfig.Logging.TEXT) && !format.equals(LamassuConfig.Logging.JSON)) {
            throw new ConfigException("logging.format", "must be text or json, not '" + format + "'");
        }
        cryptoProvider(c.crypto());
    }

    private static void server(LamassuConfig.Server s) {
        notBlank("server.host", s.host());
        port("server.http_port", s.httpPort());
        port("server.https_port", s.httpsPort());
        if (s.httpPort() != 0 && s.httpPort() == s.httpsPort()) {
            throw new ConfigException("server.https_port", "must differ from server.http_port (" + s.httpPort() + ")");
        }
        if (s.maxBodyBytes() < 1024 || s.maxBodyBytes() > 1L << 30) {
            throw new ConfigException("server.max_body_bytes", "must be between 1024 and 1073741824 (got "
                    + s.maxBodyBytes() + ")");
        }
        each("server.tls_hostnames", s.tlsHostnames(), h -> h.matches(HOSTNAME) || Cidr.isIpLiteral(h),
                "is not a host name or IP address");
        each("server.cors_origins", s.corsOrigins(), o -> o.equals("*") || o.matches("https?://[^/?#\\s]+"),
                "is not an origin (scheme://host[:port], no path) or *");
        for (int i = 0; i < s.trustedProxies().size(); i++) {
            try {
                Cidr.parse(s.trustedProxies().get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("server.trusted_proxies[" + i + "]", e.getMessage());
            }
        }
    }

    private static void storage(LamassuConfig.Storage s) {
        if (s.dbUrl() == null) {
            throw new ConfigException("storage.db_url", "must not be null (leave empty for embedded SQLite)");
        }
        if (!s.dbUrl().isEmpty() && !s.isPostgres()) {
            throw new ConfigException("storage.db_url", "must be empty (embedded SQLite) or a jdbc:postgresql: URL");
        }
        if (s.poolSize() < 1 || s.poolSize() > 500) {
            throw new ConfigException("storage.pool_size", "must be between 1 and 500 (got " + s.poolSize() + ")");
        }
    }

    private static void auth(LamassuConfig.Auth a) {
        notBlank("auth.issuer", a.issuer());
        notBlank("auth.audience", a.audience());
        notBlank("auth.roles_claim", a.rolesClaim());
        if (List.of(a.rolesClaim().split("\\.", -1)).contains("")) {
            throw new ConfigException("auth.roles_claim", "'" + a.rolesClaim() + "' has an empty path segment");
        }
        a.roleMapping().forEach((from, to) -> {
            if (!ROLES.contains(to)) {
                throw new ConfigException("auth.role_mapping." + from, "must be one of " + ROLES + " (got " + to + ")");
            }
        });
        if (a.jwksUrl() != null && !a.jwksUrl().isEmpty()) {
            url("auth.jwks_url", a.jwksUrl(), false);
            notBlank("auth.external_issuer", a.externalIssuer());
            if (a.externalIssuer().equals(a.issuer())) {
                throw new ConfigException("auth.external_issuer", "must differ from auth.issuer (the embedded issuer)");
            }
        }
    }

    private static void url(String key, String value, boolean noTrailingSlash) {
        notBlank(key, value);
        try {
            URI u = new URI(value);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new ConfigException(key, "must be an absolute http(s) URL (got " + value + ")");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a URL (" + e.getMessage() + ")");
        }
        if (noTrailingSlash && value.endsWith("/")) {
            throw new ConfigException(key, "must not end with '/' (got " + value + ")");
        }
    }

    private static void each(String key, List<String> values, java.util.function.Predicate<String> ok, String problem) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || !ok.test(values.get(i))) {
                throw new ConfigException(key + "[" + i + "]", "'" + values.get(i) + "' " + problem);
            }
        }
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, "must be between 0 and 65535 (got " + port + ")");
        }
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new ConfigException(key, "must be positive (got " + value + ")");
        }
    }

    private static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
    }

    private static void cryptoProvider(LamassuConfig.Crypto crypto) {
        try {
            io.lamassu.crypto.CryptoProviders.Mode.parse(crypto == null ? null : crypto.provider());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("crypto.provider", "must be auto, native or bouncycastle");
        }
    }
}
