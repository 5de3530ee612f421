package io.lamassu.config;

/** A configuration value that cannot be used; the message names the key (for example {@code server.http_port}). */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration key " + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
