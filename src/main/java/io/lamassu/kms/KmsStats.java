package io.lamassu.kms;

import java.util.Map;

/** Upstream's {@code GET /v1/stats} shape. */
public record KmsStats(long totalKeys, Map<String, Long> keysDistributionPerEngine,
                       Map<String, Long> keysDistributionPerAlgorithm) {
}
