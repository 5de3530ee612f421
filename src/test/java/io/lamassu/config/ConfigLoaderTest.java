package io.lamassu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    Path yaml(String text) throws Exception {
        Path f = dir.resolve("lamassu.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void withoutFileOrEnvironmentTheDefaultsApply() {
        LamassuConfig c = ConfigLoader.load(null, Map.of(), dir);
        assertThat(c).isEqualTo(LamassuConfig.defaults(dir));
    }

    @Test
    void yamlFileOverridesOnlyTheKeysItNames() throws Exception {
        LamassuConfig c = ConfigLoader.load(yaml("""
                server:
                  https_port: 9443
                  tls_hostnames: [pki.example.com, 10.1.2.3]
                  cors_origins: ["https://console.example.com"]
                  allow_api_over_http: true
                storage:
                  db_url: jdbc:postgresql://db:5432/lamassu
                  pool_size: 20
                auth:
                  role_mapping: {pki-admins: admin}
                """), Map.of(), dir);
        assertThat(c.server().httpsPort()).isEqualTo(9443);
        assertThat(c.server().httpPort()).isEqualTo(8080);
        assertThat(c.server().tlsHostnames()).containsExactly("pki.example.com", "10.1.2.3");
        assertThat(c.server().allowApiOverHttp()).isTrue();
        assertThat(c.storage().isPostgres()).isTrue();
        assertThat(c.storage().poolSize()).isEqualTo(20);
        assertThat(c.auth().roleMapping()).containsExactly(Map.entry("pki-admins", "admin"));
        assertThat(c.auth().rolesClaim()).isEqualTo("realm_access.roles");
    }

    @Test
    void environmentOverridesTheFileWithAliasesAndGenericNames() throws Exception {
        LamassuConfig c = ConfigLoader.load(yaml("server:\n  http_port: 9000\n"), Map.of(
                "LAMASSU_HTTP_PORT", "9080",
                "LAMASSU_DB_URL", "jdbc:postgresql://127.0.0.1/x",
                "LAMASSU_DB_PASSWORD", "s3cret",
                "LAMASSU_TLS_HOSTNAMES", "a.example, b.example",
                "LAMASSU_AUTH_JWKS_URL", "https://idp.example/certs",
                "LAMASSU_AUTH_EXTERNAL_ISSUER", "https://idp.example",
                "LAMASSU_SERVER_MAX_BODY_BYTES", "2048",
                "LAMASSU_DATA_DIR", dir.resolve("other").toString(),
                "LAMASSU_MASTER_KEY", "ignored-here",
                "PATH", "/usr/bin"), dir);
        assertThat(c.server().httpPort()).isEqualTo(9080);
        assertThat(c.storage().dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/x");
        assertThat(c.storage().dbPassword()).isEqualTo("s3cret");
        assertThat(c.server().tlsHostnames()).containsExactly("a.example", "b.example");
        assertThat(c.auth().jwksUrl()).isEqualTo("https://idp.example/certs");
        assertThat(c.server().maxBodyBytes()).isEqualTo(2048);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("other"));
    }

    @Test
    void badValuesAreRejectedNamingTheKey() throws Exception {
        assertBad(Map.of("LAMASSU_HTTP_PORT", "eighty"), "server.http_port");
        assertBad(Map.of("LAMASSU_HTTPS_PORT", "70000"), "server.https_port");
        assertBad(Map.of("LAMASSU_HTTP_PORT", "9000", "LAMASSU_HTTPS_PORT", "9000"), "server.https_port");
        assertBad(Map.of("LAMASSU_DB_URL", "jdbc:mysql://x/y"), "storage.db_url");
        assertBad(Map.of("LAMASSU_TRUSTED_PROXIES", "10.0.0.0/8,not-an-ip"), "server.trusted_proxies[1]");
        assertBad(Map.of("LAMASSU_CORS_ORIGINS", "https://ok.example,https://x.example/path"), "server.cors_origins[1]");
        assertBad(Map.of("LAMASSU_TLS_HOSTNAMES", "bad_host!"), "server.tls_hostnames[0]");
        assertBad(Map.of("LAMASSU_PUBLIC_BASE_URL", "ftp://x"), "pki.public_base_url");
        assertBad(Map.of("LAMASSU_AUTH_JWKS_URL", "https://idp.example/certs"), "auth.external_issuer");
        assertBad(Map.of("LAMASSU_MAX_BODY_BYTES", "10"), "server.max_body_bytes");
    }

    @Test
    void unknownAndMistypedYamlKeysAreRejectedNamingTheKey() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("server:\n  htp_port: 1\n"), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.htp_port");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("storage:\n  pool_size: many\n"), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.pool_size");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("auth:\n  role_mapping: {x: superuser}\n"), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.role_mapping.x");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("server: [1, 2\n"), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void describeMasksSecrets() {
        LamassuConfig c = ConfigLoader.load(null, Map.of("LAMASSU_DB_URL",
                "jdbc:postgresql://db/l?user=u&password=topsecret", "LAMASSU_DB_PASSWORD", "hunter2"), dir);
        String text = ConfigLoader.describe(c);
        assertThat(text).doesNotContain("topsecret").doesNotContain("hunter2").contains("db_password: \"***\"");
        assertThat(c.storage().toString()).doesNotContain("hunter2");
    }

    @Test
    void cidrMatchesAddressesInsideTheBlockOnly() throws Exception {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertThat(net.contains(java.net.InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(net.contains(java.net.InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(Cidr.parse("::1").contains(java.net.InetAddress.getByName("::1"))).isTrue();
        assertThat(Cidr.parse("192.168.1.7").contains(java.net.InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of("localhost", "example.com").stream().noneMatch(Cidr::isIpLiteral)).isTrue();
    }

    private void assertBad(Map<String, String> env, String key) {
        assertThatThrownBy(() -> ConfigLoader.load(null, env, dir)).as(env.toString())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(key);
    }
}
