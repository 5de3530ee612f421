package io.lamassu.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the application (malformed request line, URI or
 * headers too long): answered as problem+json like every other error, instead of Jetty's HTML page
 * which would echo parts of the request.
 */
final class LowLevelErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer i ? i : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        if (status == 505) {
            // Jetty's parser answers 505 for a request line it cannot read to the end, including,
            // now and then, an over-long URI split across TLS records (instead of 414). Either way
            // the client sent a malformed request line: a client error, never a 5xx.
            status = 400;
        }
        String title = ErrorMapper.title(status);
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + title + "\",\"code\":\"" + ErrorMapper.codeFor(status) + "\",\"err\":\"" + title + "\"}";
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
