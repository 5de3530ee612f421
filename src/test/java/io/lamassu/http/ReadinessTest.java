package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.LamassuException;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void readinessIs503WhileTheDatabaseFailsOrHangsAndLivenessStaysUp() throws Exception {
        AtomicReference<String> mode = new AtomicReference<>("up");
        CountDownLatch never = new CountDownLatch(1);
        ReadinessCheck check = () -> {
            switch (mode.get()) {
                case "down" -> throw new SQLException("connection refused");
                case "hang" -> never.await();
                default -> { }
            }
        };
        HttpServer server = new HttpServer(new HttpServer.Setup(TestApp.config("").server(), null,
                token -> { throw LamassuException.unauthorized("INVALID_TOKEN", "no"); }, List.of(), check,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).start();
        try {
            TestHttp http = TestHttp.plain("http://127.0.0.1:" + server.port("http"), null);
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            mode.set("down");
            TestHttp.Response down = http.get("/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().at("/checks/database").asText()).isEqualTo("DOWN");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            mode.set("hang");
            assertThat(http.get("/health/ready").status()).isEqualTo(503);
            mode.set("up");
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
        } finally {
            never.countDown();
            server.close();
        }
    }

    @Test
    void postgresBackedServerIsReadyAndServesTheApiOverTls() {
        try (TestApp app = TestApp.postgres()) {
            assertThat(TestHttp.plain(app.httpBase(), null).get("/health/ready").json().at("/checks/database").asText())
                    .isEqualTo("UP");
            assertThat(TestHttp.tls(app, app.token("viewer")).get("/api/nothing").status()).isEqualTo(404);
        }
    }
}
