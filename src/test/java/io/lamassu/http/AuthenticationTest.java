package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthNeedsNoTokenAndCarriesRequestId() {
        TestHttp.Response r = TestHttp.plain(app.httpBase(), null).get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void expiredTokenIsRejected() {
        String token = app.app().tokenIssuer().mint("old", List.of("admin"), Duration.ofMinutes(5));
        app.clock().advance(Duration.ofMinutes(10));
        try {
            TestHttp.Response r = TestHttp.plain(app.httpBase(), token).get("/api/ca/v1/cas");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("code").asText()).isEqualTo("INVALID_TOKEN");
        } finally {
            app.clock().advance(Duration.ofMinutes(-10));
        }
    }
}
