package io.lamassu.va;

import java.time.Instant;

/**
 * One OCSP response, ready to send (RFC 6960 §4.2). Error responses (malformedRequest,
 * unauthorized, internalError, tryLater) carry no times and must not be cached by HTTP caches.
 */
public record OcspAnswer(byte[] body, Instant thisUpdate, Instant nextUpdate, String etag) {
    public boolean successful() {
        return thisUpdate != null;
    }
}
