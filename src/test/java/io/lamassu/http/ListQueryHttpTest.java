package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * List query parameters as a client sends them on the wire. Raw sockets: java.net.URI refuses the
 * malformed query strings these tests need to send.
 */
class ListQueryHttpTest {
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
    void aBookmarkThatIsNotPercentDecodableIsA400NotTheFirstPage() throws IOException {
        String r = get("/api/devmanager/v1/devices?bookmark=%%%garbage");
        assertThat(r).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_QUERY_STRING\"")
                .contains("application/problem+json");
        assertThat(get("/api/devmanager/v1/devices?page_size=2&filter=id[ct]a%zz")).startsWith("HTTP/1.1 400");
    }

    @Test
    void aBookmarkThatIsNotBase64IsA400() throws IOException {
        assertThat(get("/api/devmanager/v1/devices?bookmark=%25%25%25garbage")).startsWith("HTTP/1.1 400")
                .contains("\"code\":\"INVALID_BOOKMARK\"");
        assertThat(get("/api/kms/v1/keys?bookmark=bm90LWEtYm9va21hcms")).startsWith("HTTP/1.1 400")
                .contains("\"code\":\"INVALID_BOOKMARK\"");
    }

    @Test
    void aWellFormedListRequestStillWorks() throws IOException {
        assertThat(get("/api/devmanager/v1/devices?page_size=2&filter=id%5Bct%5Da%25b")).startsWith("HTTP/1.1 200")
                .contains("\"list\":[]");
    }

    private static String get(String pathAndQuery) throws IOException {
        URI base = URI.create(app.httpBase());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + app.token("admin") + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
