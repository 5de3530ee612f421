package io.lamassu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesUpstreamUnitsDownToSeconds() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("2w3d")).isEqualTo(Duration.ofDays(17));
        assertThat(Durations.parse("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(364));
        assertThat(Durations.parse("6d23h")).isEqualTo(Duration.ofHours(6 * 24 + 23));
    }

    @Test
    void formatsToLargestUnits() {
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("1w");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "10", "1x", "d1", "1d 2h", "-1d"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).extracting("code").isEqualTo("INVALID_DURATION");
        }
    }

    @Test
    void boundsDurationsSoThatNoInstantArithmeticCanOverflow() {
        assertThat(Durations.parse("1000y")).isEqualTo(Durations.MAX);
        for (String absurd : new String[] {"99999999999y", "1001y", "999y53w", "9999999999999s",
            "9223372036854775807s", "99999999999999999999d", "1y".repeat(40)}) {
            assertThatThrownBy(() -> Durations.parse(absurd)).as(absurd).extracting("code")
                    .isEqualTo("INVALID_DURATION");
        }
        // The bound keeps now + MAX inside X.509's range (year 9999) for thousands of years yet.
        assertThat(java.time.Instant.parse("2026-01-01T00:00:00Z").plus(Durations.MAX))
                .isBefore(java.time.Instant.parse("9999-12-31T23:59:59Z"));
    }
}
