package io.lamassu.kms;

import java.util.List;
import java.util.Map;

/**
 * A crypto engine as listed by {@code GET /v1/engines}. The wire field for {@code isDefault} is
 * upstream's {@code default} (a Java keyword), renamed by the HTTP layer.
 */
public record EngineInfo(String id, boolean isDefault, String type, int securityLevel, String provider, String name,
                         Map<String, Object> metadata, List<SupportedKeyType> supportedKeyTypes) {

    public record SupportedKeyType(String type, List<Integer> sizes) {
    }
}
