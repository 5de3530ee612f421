package io.lamassu.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.Application;
import io.lamassu.common.LamassuException;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.MutableClock;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * CAs created before key bindings existed (V510) get theirs at the next start-up, so their keys
 * cannot be deleted either; a CA whose key is already gone is reported, not fatal.
 */
class CaKeyBindingUpgradeTest {
    @Test
    void startUpBindsCasThatHaveNoBindingYet() {
        LamassuConfig config = TestApp.config("");
        String keyId;
        try (Application app = Application.start(config, MutableClock.atNow())) {
            TestHttp admin = TestHttp.plain("http://127.0.0.1:" + app.httpPort(),
                    app.tokenIssuer().mint("upgrade-test", List.of("admin"), Duration.ofMinutes(10)));
            assertThat(admin.post(CaApi.BASE + "/profiles", CaApi.profileBody("device-profile", "1y")).status())
                    .isEqualTo(201);
            keyId = CaKeyRaceContract.caKeyId(admin.post(CaApi.BASE + "/cas",
                    CaApi.caBody("old-root", null, "Old Root", "device-profile")).json());
            // As a database migrated from before V510 looks: the CA and its key, no binding.
            app.jdbc().update("DELETE FROM kms_key_bindings");
            app.kms().createKey(new io.lamassu.kms.CreateKeyRequest("ECDSA", 256, "", "spare", List.of(), Map.of()));
        }
        try (Application app = Application.start(config, MutableClock.atNow())) {
            Assertions.assertThatThrownBy(() -> app.kms().delete(keyId)).isInstanceOfSatisfying(LamassuException.class,
                    e -> assertThat(e.code()).isEqualTo("KEY_IN_USE"));
            assertThat(app.caService().bindExistingKeys()).isEmpty();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM kms_key_bindings")).isEqualTo(1);
        }
    }
}
