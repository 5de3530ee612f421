package io.lamassu.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.Durations;
import io.lamassu.common.ErrorKind;
import io.lamassu.testkit.Gen;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 7, defect 1: validity is bounded on input and computed without Instant overflow. */
class ValidityTest {
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    static final Instant LATEST = IssuanceProfile.Validity.LATEST;

    static IssuanceProfile.Validity duration(String d) {
        return new IssuanceProfile.Validity("Duration", d, null);
    }

    @Test
    void absurdDurationsAndTimesAreRefusedOnInput() {
        for (String d : new String[] {"99999999999y", "1001y", "9223372036854775807s", "0s", "-1d", ""}) {
            assertThatThrownBy(() -> duration(d).validated()).as(d).extracting("kind")
                    .isEqualTo(ErrorKind.BAD_REQUEST);
        }
        assertThatThrownBy(() -> new IssuanceProfile.Validity("Time", null, LATEST.plusSeconds(1)).validated())
                .extracting("code").isEqualTo("INVALID_VALIDITY");
        assertThat(new IssuanceProfile.Validity("Time", null, LATEST).validated().time()).isEqualTo(LATEST);
    }

    @Test
    void notAfterNeverOverflowsAndNeverPassesTheLastX509Instant() {
        Gen.forAll(500, g -> {
            // Any day from 1970 to the end of 9999, the years a CA may still sign in.
            Instant now = Instant.EPOCH.plus(Duration.ofDays(g.between(0, 2_932_896)));
            String d = g.between(1, 1000) + g.of("y", "w", "d", "h", "s");
            Instant notAfter = duration(d).validated().notAfter(now);
            assertThat(notAfter).as(now + " + " + d).isAfter(now.minusSeconds(1)).isBeforeOrEqualTo(LATEST);
            if (now.plus(Durations.parse(d)).isBefore(LATEST)) {
                assertThat(notAfter).isEqualTo(now.plus(Durations.parse(d)));
            }
        });
        assertThat(duration("1000y").notAfter(Instant.parse("9999-12-31T00:00:00Z"))).isEqualTo(LATEST);
        assertThat(new IssuanceProfile.Validity("Time", null, Instant.MAX).notAfter(NOW)).isEqualTo(LATEST);
    }

    /** A profile stored by an older version with an absurd duration: a clear 422 at signing, not a 500. */
    @Test
    void aStoredOutOfRangeDurationIsA422() {
        assertThatThrownBy(() -> duration("99999999999y").notAfter(NOW)).extracting("kind", "code")
                .containsExactly(ErrorKind.UNPROCESSABLE, "INVALID_VALIDITY");
    }
}
