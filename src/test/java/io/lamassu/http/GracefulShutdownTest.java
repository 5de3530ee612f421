package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.testkit.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 7: stopping the server lets a request in flight finish — including its database
 * work — before the jobs and the database behind it close.
 */
class GracefulShutdownTest {
    @Test
    void closeWaitsForTheRequestInFlightWhichStillUsesTheDatabase() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestApp[] holder = new TestApp[1];
        Routes.Module slow = routes -> routes.get("/api/test/slow", Role.VIEWER, ctx -> {
            entered.countDown();
            release.await();
            long n = holder[0].app().jdbc().count("SELECT COUNT(*) FROM ca_profiles");
            ctx.json(java.util.Map.of("profiles", n));
        });
        TestApp app = TestApp.start(TestApp.config(""), slow);
        holder[0] = app;
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.httpBase() + "/api/test/slow"))
                .header("Authorization", "Bearer " + app.token("viewer")).GET().build();
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS))
                .as("close() returned while a request was still running")
                .isInstanceOf(TimeoutException.class);
        release.countDown();
        HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"profiles\":0");
        closing.get(30, TimeUnit.SECONDS);
    }
}
