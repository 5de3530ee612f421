package io.lamassu.devices;

import java.util.Map;

/** {@code {"total", "status_distribution"}} with every status present (zero when none). */
public record DeviceStats(long total, Map<DeviceStatus, Long> statusDistribution) {
}
