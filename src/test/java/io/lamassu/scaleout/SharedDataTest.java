package io.lamassu.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.Application;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.MutableClock;
import io.lamassu.testkit.ServerProcess;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestDatabases;
import io.lamassu.testkit.TestHttp;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * One SQLite file serves one process (a second server on it is refused at start-up, in this JVM
 * or another); with PostgreSQL, instances share a data directory and create its secrets once.
 */
class SharedDataTest {
    private static final String REFUSAL = "is in use by another lamassu process";

    @Test
    void aSecondServerOnOneSqliteFileIsRefusedUntilTheFirstStops() {
        LamassuConfig config = TestApp.config("");
        try (TestApp first = TestApp.start(config)) {
            assertThatThrownBy(() -> Application.start(config, MutableClock.atNow()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(REFUSAL)
                    .hasMessageContaining("PostgreSQL");
            assertThat(TestHttp.plain(first.httpBase(), null).get("/health").status()).isEqualTo(200);
        }
        try (TestApp again = TestApp.start(config)) {
            assertThat(TestHttp.plain(again.httpBase(), null).get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aServerInAnotherProcessHoldsTheSqliteFile() throws Exception {
        LamassuConfig config = TestApp.config("");
        try (ServerProcess other = ServerProcess.start(config.dataDir(), "")) {
            assertThatThrownBy(() -> Application.start(config, MutableClock.atNow()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(REFUSAL);
            assertThat(other.isAlive()).isTrue();
        }
    }

    @Test
    void instancesStartingTogetherOnOneDataDirectoryShareItsSecrets() throws Exception {
        LamassuConfig config = TestApp.config(TestDatabases.freshPostgres());
        CompletableFuture<TestApp> a = CompletableFuture.supplyAsync(() -> TestApp.start(config));
        CompletableFuture<TestApp> b = CompletableFuture.supplyAsync(() -> TestApp.start(config));
        try (TestApp one = a.get(); TestApp two = b.get()) {
            String adminOfOne = one.token("admin");
            for (TestApp app : List.of(one, two)) {
                assertThat(TestHttp.tls(app, adminOfOne).get("/api/kms/v1/keys").status()).isEqualTo(200);
            }
            assertThat(one.bootstrapCa()).isEqualTo(two.bootstrapCa());
            assertThat(Files.readString(config.dataDir().resolve("master.key"))).isNotBlank();
            var created = TestHttp.tls(one, adminOfOne).post("/api/kms/v1/keys",
                    java.util.Map.of("algorithm", "ECDSA", "size", 256, "name", "shared"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String keyId = created.json().get("key_id").asText();
            var signed = TestHttp.tls(two, adminOfOne).post("/api/kms/v1/keys/" + keyId + "/sign",
                    java.util.Map.of("message", "aGVsbG8=", "message_type", "raw", "algorithm", "ECDSA_SHA_256"));
            assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        }
    }
}
