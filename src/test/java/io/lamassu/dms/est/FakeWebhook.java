package io.lamassu.dms.est;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An authorization webhook for EXTERNAL_WEBHOOK tests: answers what the test sets, records what it got. */
final class FakeWebhook implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> status = new AtomicReference<>("200");
    private final AtomicReference<String> answer = new AtomicReference<>("{\"authorized\":true}");
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastApiKey = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();

    private FakeWebhook(HttpServer server) {
        this.server = server;
    }

    static FakeWebhook start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeWebhook hook = new FakeWebhook(s);
            s.createContext("/authorize", ex -> {
                hook.calls.incrementAndGet();
                hook.lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                hook.lastApiKey.set(ex.getRequestHeaders().getFirst("X-Api-Key"));
                byte[] out = hook.answer.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(Integer.parseInt(hook.status.get()), out.length);
                ex.getResponseBody().write(out);
                ex.close();
            });
            s.start();
            return hook;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/authorize";
    }

    void answer(int httpStatus, String body) {
        status.set(Integer.toString(httpStatus));
        answer.set(body);
    }

    JsonNode lastBody() {
        try {
            return Json.MAPPER.readTree(lastBody.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String lastApiKey() {
        return lastApiKey.get();
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
