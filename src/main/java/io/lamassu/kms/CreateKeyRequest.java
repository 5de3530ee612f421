package io.lamassu.kms;

import java.util.List;
import java.util.Map;

/** {@code POST /v1/keys}: algorithm RSA|ECDSA|Ed25519, size in bits (ignored for Ed25519). */
public record CreateKeyRequest(String algorithm, Integer size, String engineId, String name, List<String> tags,
                               Map<String, Object> metadata) {
}
