package io.lamassu.kms;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/keys/import}: {@code privateKey} is base64 of PEM (upstream), raw PEM, or base64
 * of PKCS#8 DER. {@link #toString()} never prints the key, so the record is safe to log.
 */
public record ImportKeyRequest(String privateKey, String engineId, String name, List<String> tags,
                               Map<String, Object> metadata) {
    @Override
    public String toString() {
        return "ImportKeyRequest[privateKey=<redacted>, engineId=" + engineId + ", name=" + name + ", tags=" + tags
                + ", metadata=" + metadata + "]";
    }
}
