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
}
