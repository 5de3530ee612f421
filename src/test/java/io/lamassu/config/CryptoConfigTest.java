package io.lamassu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code crypto.provider} (ADR 0210): auto by default, set by YAML or LAMASSU_CRYPTO_PROVIDER, validated. */
class CryptoConfigTest {
    @Test
    void providerDefaultsToAutoAndFollowsTheEnvironment() throws Exception {
        Path dir = Files.createTempDirectory("crypto-config");
        assertThat(ConfigLoader.load(null, Map.of(), dir).crypto().provider()).isEqualTo("auto");
        assertThat(ConfigLoader.load(null, Map.of("LAMASSU_CRYPTO_PROVIDER", "bouncycastle"), dir).crypto().provider())
                .isEqualTo("bouncycastle");
        Path yaml = Files.writeString(dir.resolve("c.yaml"), "crypto:\n  provider: native\n");
        assertThat(ConfigLoader.load(yaml, Map.of(), dir).crypto().provider()).isEqualTo("native");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_CRYPTO_PROVIDER", "openssl"), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("crypto.provider");
    }
}
