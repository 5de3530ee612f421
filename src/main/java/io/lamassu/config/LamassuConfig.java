package io.lamassu.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration tree, loaded once at start-up by {@link ConfigLoader} (YAML file plus
 * {@code LAMASSU_*} environment overrides) and validated there.
 */
public record LamassuConfig(
        Path dataDir,
        Server server,
        Storage storage,
        Auth auth,
        Pki pki,
        Jobs jobs) {

    public record Server(String host, int httpPort, int httpsPort, List<String> tlsHostnames,
                         List<String> corsOrigins, long maxBodyBytes, List<String> trustedProxies) {
    }

    /** {@code dbUrl} empty means the embedded SQLite file in the data directory. */
    public record Storage(String dbUrl, String dbUser, String dbPassword, int poolSize) {
        public boolean isPostgres() {
            return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * Token verification: the embedded issuer is always trusted; an external OIDC provider is
     * trusted when {@code jwksUrl} is set. {@code roleMapping} maps provider role names to
     * admin/operator/viewer.
     */
    public record Auth(String issuer, String audience, String jwksUrl, String externalIssuer,
                       String rolesClaim, Map<String, String> roleMapping) {
    }

    /** {@code publicBaseUrl} is the plain-HTTP base used in AIA OCSP and CRL distribution points. */
    public record Pki(String publicBaseUrl) {
    }

    public record Jobs(long expiryIntervalMillis, long deviceLifecycleIntervalMillis, long outboxPollMillis) {
    }

    public static LamassuConfig defaults(Path dataDir) {
        return new LamassuConfig(dataDir,
                new Server("0.0.0.0", 8080, 8443, List.of(), List.of(), 1024 * 1024, List.of()),
                new Storage("", "", "", 10),
                new Auth("lamassu", "lamassu", "", "", "realm_access.roles",
                        Map.of("admin", "admin", "operator", "operator", "viewer", "viewer", "pki-admin", "admin")),
                new Pki("http://localhost:8080"),
                new Jobs(5000, 5000, 1000));
    }
}
