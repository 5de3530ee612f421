package io.lamassu.http;

/** What {@code /health/ready} asks: throws when a dependency (the database) does not answer. */
@FunctionalInterface
public interface ReadinessCheck {
    void check() throws Exception;
}
