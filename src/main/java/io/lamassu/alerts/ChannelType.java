package io.lamassu.alerts;

import io.lamassu.common.LamassuException;
import java.util.Arrays;
import java.util.Locale;

/** Where a subscription's notifications go (upstream-notes §2.6). */
public enum ChannelType {
    EMAIL, MSTEAMS, WEBHOOK;

    public static ChannelType parse(String text) {
        if (text == null || text.isBlank()) {
            throw LamassuException.badRequest("MISSING_CHANNEL_TYPE", "channel.type is required; one of "
                    + Arrays.toString(values()));
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("UNKNOWN_CHANNEL_TYPE", "unknown channel type '" + clip(text)
                    + "'; one of " + Arrays.toString(values()));
        }
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
