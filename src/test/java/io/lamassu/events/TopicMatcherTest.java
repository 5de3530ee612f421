package io.lamassu.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicMatcherTest {
    @Test
    void followsAmqpTopicRules() {
        assertThat(TopicMatcher.matches("#", "certificate.status.update")).isTrue();
        assertThat(TopicMatcher.matches("certificate.#", "certificate.status.update")).isTrue();
        assertThat(TopicMatcher.matches("certificate.#", "certificate")).isTrue();
        assertThat(TopicMatcher.matches("*.status.update", "device.status.update")).isTrue();
        assertThat(TopicMatcher.matches("*.status.update", "ca.sign.certificate")).isFalse();
        assertThat(TopicMatcher.matches("ca.*", "ca.status.update")).isFalse();
        assertThat(TopicMatcher.matches("ca.create", "ca.create")).isTrue();
    }
}
