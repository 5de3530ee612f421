package io.lamassu.http;

import io.lamassu.common.Actor;

/**
 * Verifies a bearer token in-process (signature, exp/nbf, iss, aud) and maps its roles. Throws a
 * 401 {@code LamassuException} for anything invalid.
 */
public interface TokenVerifier {
    Actor verify(String bearerToken);
}
