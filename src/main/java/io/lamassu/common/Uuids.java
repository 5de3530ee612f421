package io.lamassu.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 4 UUIDs for identifiers that must be unique but not secret (event ids, request ids).
 * {@link UUID#randomUUID()} draws from one shared SecureRandom whose lock every request and event
 * contended for; event ids are even drawn inside the database writer's critical section. Anything
 * secret (serial numbers, keys, nonces) keeps its SecureRandom.
 */
public final class Uuids {
    private Uuids() {
    }

    public static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;                       // version 4
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
