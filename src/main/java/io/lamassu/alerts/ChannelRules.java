package io.lamassu.alerts;

import io.lamassu.common.LamassuException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a channel as a caller sent it and returns it normalised. Channel configs (upstream-notes
 * §6.9): EMAIL {@code {email}}, MSTEAMS {@code {webhook_url}}, WEBHOOK {@code {webhook_url,
 * webhook_method, secret, validate_server_cert}}. Unknown keys are refused, so a misspelt key is
 * not silently ignored.
 */
public final class ChannelRules {
    public static final int MAX_URL = 2048;
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 256;
    private static final Map<ChannelType, Set<String>> KEYS = Map.of(
            ChannelType.EMAIL, Set.of("email"),
            ChannelType.MSTEAMS, Set.of("webhook_url"),
            ChannelType.WEBHOOK, Set.of("webhook_url", "webhook_method", Channel.SECRET, "validate_server_cert"));
    // Deliberately simple: one mailbox, no display name; the mail library parses it strictly when sending.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"()\\[\\]]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern SECRET_TEXT = Pattern.compile("[\\x21-\\x7E]+");

    private ChannelRules() {
    }

    public static Channel check(String type, String name, Map<String, Object> config) {
        ChannelType t = ChannelType.parse(type);
        Map<String, Object> in = config == null ? Map.of() : config;
        for (String key : in.keySet()) {
            if (!KEYS.get(t).contains(key)) {
                throw LamassuException.badRequest("UNKNOWN_CHANNEL_CONFIG_KEY", "channel.config." + ChannelType.clip(key)
                        + " is not a " + t + " setting; known: " + KEYS.get(t));
            }
        }
        Map<String, Object> out = switch (t) {
            case EMAIL -> Map.of("email", email(in.get("email")));
            case MSTEAMS -> Map.of("webhook_url", url(in.get("webhook_url")));
            case WEBHOOK -> webhook(in);
        };
        return new Channel(t, name(name, t), out);
    }

    private static Map<String, Object> webhook(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhook_url", url(in.get("webhook_url")));
        out.put("webhook_method", method(in.get("webhook_method")));
        out.put("validate_server_cert", flag(in.get("validate_server_cert")));
        if (in.get(Channel.SECRET) != null) {
            out.put(Channel.SECRET, secret(in.get(Channel.SECRET)));
        }
        return out;
    }

    private static String name(String name, ChannelType t) {
        if (name == null || name.isBlank()) {
            return t.name().toLowerCase(Locale.ROOT);
        }
        if (name.length() > 128) {
            throw LamassuException.badRequest("INVALID_CHANNEL_NAME", "channel.name is longer than 128 characters");
        }
        return name.trim();
    }

    static String url(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw LamassuException.badRequest("INVALID_WEBHOOK_URL", "channel.config.webhook_url is required");
        }
        if (s.length() > MAX_URL) {
            throw LamassuException.badRequest("INVALID_WEBHOOK_URL", "webhook_url is longer than " + MAX_URL);
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                throw LamassuException.badRequest("INVALID_WEBHOOK_URL", "webhook_url must be an absolute http(s) URL"
                        + " with a host");
            }
            if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
                throw LamassuException.badRequest("INVALID_WEBHOOK_URL", "webhook_url must carry no user:password@"
                        + " and no #fragment; use the channel secret to authenticate deliveries");
            }
            return s;
        } catch (URISyntaxException e) {
            throw LamassuException.badRequest("INVALID_WEBHOOK_URL", "webhook_url is not a URL: " + e.getReason());
        }
    }

    private static String method(Object value) {
        if (value == null) {
            return "POST";
        }
        String m = value instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : "";
        if (!m.equals("POST") && !m.equals("PUT")) {
            throw LamassuException.badRequest("INVALID_WEBHOOK_METHOD", "webhook_method must be POST or PUT");
        }
        return m;
    }

    private static boolean flag(Object value) {
        if (value == null) {
            return true;
        }
        if (!(value instanceof Boolean b)) {
            throw LamassuException.badRequest("INVALID_CHANNEL_CONFIG", "validate_server_cert must be true or false");
        }
        return b;
    }

    private static String secret(Object value) {
        if (!(value instanceof String s) || s.length() < MIN_SECRET || s.length() > MAX_SECRET
                || !SECRET_TEXT.matcher(s).matches()) {
            throw LamassuException.badRequest("INVALID_WEBHOOK_SECRET", "secret must be " + MIN_SECRET + "-"
                    + MAX_SECRET + " printable ASCII characters without spaces");
        }
        return s;
    }

    private static String email(Object value) {
        if (!(value instanceof String s) || s.length() > 254 || !EMAIL.matcher(s.trim()).matches()) {
            throw LamassuException.badRequest("INVALID_EMAIL", "channel.config.email must be one e-mail address"
                    + " (name@domain)");
        }
        return s.trim();
    }
}
