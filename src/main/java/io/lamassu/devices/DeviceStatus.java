package io.lamassu.devices;

import io.lamassu.common.LamassuException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Device statuses with the seed's wire names (design §2). Upstream's {@code RENEWAL_PENDING} and
 * {@code EXPIRING_SOON} are accepted as input aliases so upstream clients keep working.
 */
public enum DeviceStatus {
    NO_IDENTITY, ACTIVE, RENEWAL_WINDOW, ABOUT_TO_EXPIRE, EXPIRED, REVOKED, DECOMMISSIONED;

    /** DECOMMISSIONED is terminal; nothing ever returns to NO_IDENTITY (a slot keeps its history). */
    public boolean canMoveTo(DeviceStatus next) {
        return this != DECOMMISSIONED && next != NO_IDENTITY;
    }

    /** The identity slot mirrors the device status while an identity exists (upstream-notes §4.1). */
    public boolean hasIdentity() {
        return this != NO_IDENTITY;
    }

    public static DeviceStatus parse(String text) {
        String v = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "RENEWAL_PENDING":
                return RENEWAL_WINDOW;
            case "EXPIRING_SOON":
                return ABOUT_TO_EXPIRE;
            default:
                break;
        }
        for (DeviceStatus s : values()) {
            if (s.name().equals(v)) {
                return s;
            }
        }
        throw LamassuException.badRequest("INVALID_DEVICE_STATUS", "unknown device status '" + text
                + "'; expected one of " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                + " (aliases RENEWAL_PENDING, EXPIRING_SOON)");
    }
}
