package io.lamassu.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * A public, anonymous, high-rate protocol endpoint (OCSP) served by a servlet filter in front of
 * the routing pipeline: no token, no JSON errors, no per-request access-log line (a line per
 * OCSP response would cost more than the response itself); each request is still timed in
 * {@code http.server.requests} under its first path spec. The endpoint answers every request it
 * receives and never throws for client input.
 */
public interface RawEndpoint {
    /** Servlet path specs, e.g. {@code /ocsp/*} (which also matches {@code /ocsp}). */
    List<String> pathSpecs();

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
}
