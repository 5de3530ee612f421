package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class OperationsMetricsTest {
    @Test
    void jobRunsAreTimedByOutcomeAndFailuresStillPropagate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OperationsMetrics m = new OperationsMetrics(registry, null, Clock.systemUTC());
        m.timed("ca-expiry", () -> { }).run();
        m.timed("ca-expiry", () -> { }).run();
        assertThatThrownBy(() -> m.timed("ca-expiry", () -> {
            throw new IllegalStateException("boom");
        }).run()).hasMessage("boom");
        assertThat(registry.get("lamassu.job.duration").tags("job", "ca-expiry", "outcome", "success").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("lamassu.job.duration").tags("job", "ca-expiry", "outcome", "failure").timer().count())
                .isEqualTo(1);
    }
}
