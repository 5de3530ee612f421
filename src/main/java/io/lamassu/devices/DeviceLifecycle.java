package io.lamassu.devices;

import java.time.Instant;

/**
 * Time-driven status of a device with an identity: ACTIVE, then RENEWAL_WINDOW inside the
 * preventive delta, ABOUT_TO_EXPIRE inside the critical delta, EXPIRED at NotAfter. Computed from
 * the thresholds stored on the slot, so it is the same whoever evaluates it and whenever.
 */
public final class DeviceLifecycle {
    private DeviceLifecycle() {
    }

    /** The status at {@code now} and when it must be evaluated again (null: never by time). */
    public record Stage(DeviceStatus status, Instant next) {
    }

    public static Stage at(IdentitySlot slot, Instant now) {
        Instant expiry = slot.expirationDate();
        if (!now.isBefore(expiry)) {
            return new Stage(DeviceStatus.EXPIRED, null);
        }
        if (!now.isBefore(slot.aboutToExpireAt())) {
            return new Stage(DeviceStatus.ABOUT_TO_EXPIRE, expiry);
        }
        if (!now.isBefore(slot.renewalWindowAt())) {
            return new Stage(DeviceStatus.RENEWAL_WINDOW, earliest(slot.aboutToExpireAt(), expiry));
        }
        return new Stage(DeviceStatus.ACTIVE, earliest(slot.renewalWindowAt(), earliest(slot.aboutToExpireAt(), expiry)));
    }

    /** Statuses the clock moves; REVOKED and DECOMMISSIONED only change by an explicit action. */
    public static boolean isTimeDriven(DeviceStatus s) {
        return s == DeviceStatus.ACTIVE || s == DeviceStatus.RENEWAL_WINDOW || s == DeviceStatus.ABOUT_TO_EXPIRE;
    }

    /** When a device in its current status must be looked at again by the lifecycle job. */
    public static Instant nextCheck(Device d) {
        IdentitySlot s = d.identitySlot();
        if (s == null || !isTimeDriven(d.status())) {
            return null;
        }
        return switch (d.status()) {
            case ACTIVE -> earliest(s.renewalWindowAt(), earliest(s.aboutToExpireAt(), s.expirationDate()));
            case RENEWAL_WINDOW -> earliest(s.aboutToExpireAt(), s.expirationDate());
            default -> s.expirationDate();
        };
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
