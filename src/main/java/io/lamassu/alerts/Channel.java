package io.lamassu.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notification channel with its validated configuration ({@link ChannelRules}). The WEBHOOK
 * {@code secret} lives here too; {@link #withoutSecret()} is the only form that leaves the service.
 */
public record Channel(ChannelType type, String name, Map<String, Object> config) {
    public static final String SECRET = "secret";

    public Channel {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public String text(String key) {
        Object v = config.get(key);
        return v == null ? null : v.toString();
    }

    public boolean flag(String key, boolean otherwise) {
        Object v = config.get(key);
        return v instanceof Boolean b ? b : otherwise;
    }

    public boolean hasSecret() {
        return config.containsKey(SECRET);
    }

    /** The configuration as shown to callers: the secret replaced by {@code secret_configured}. */
    public Channel withoutSecret() {
        Map<String, Object> shown = new LinkedHashMap<>(config);
        if (shown.remove(SECRET) != null) {
            shown.put("secret_configured", true);
        }
        return new Channel(type, name, shown);
    }

    /** Never prints the secret (records' default toString would). */
    @Override
    public String toString() {
        return "Channel[type=" + type + ", name=" + name + ", config=" + withoutSecret().config + "]";
    }
}
