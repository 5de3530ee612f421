package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembered (already verified) tokens still stop working at their exp. */
class TokenCacheTest {
    @Test
    void rememberedTokenIsRejectedOnceExpired() {
        try (TestApp app = TestApp.sqlite()) {
            String token = app.app().tokenIssuer().mint("short", List.of("viewer"), Duration.ofMinutes(2));
            TestHttp http = TestHttp.tls(app, token);
            assertThat(http.get("/api/ca/v1/cas").status()).isEqualTo(200);
            assertThat(http.get("/api/ca/v1/cas").status()).isEqualTo(200);
            app.clock().advance(Duration.ofMinutes(3));
            TestHttp.Response r = http.get("/api/ca/v1/cas");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("code").asText()).isEqualTo("INVALID_TOKEN");
        }
    }
}
