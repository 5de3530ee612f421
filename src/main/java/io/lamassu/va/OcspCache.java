package io.lamassu.va;

import io.lamassu.ca.CertificateState;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-signed responses to single-CertID requests without a nonce, keyed by the request's DER
 * bytes (which then determine the response). An entry carries the certificate state it was signed
 * for; the responder serves it only while the database still holds exactly that state, so a
 * status change committed on any instance is answered in the very next response.
 */
final class OcspCache {
    /** About 1 KiB per entry; when full the cache starts again (bounded memory, never a stale answer). */
    static final int MAX_ENTRIES = 262_144;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    /**
     * {@code state} null: the serial was unknown when signed. {@code signerGeneration}: of the CA
     * key's role when signed; the responder serves the entry only under the same generation.
     */
    record Entry(String serialHex, CertificateState state, OcspAnswer answer, Instant refreshAt, String caSki,
                 long signerGeneration) {
        boolean servable(CertificateState current, Instant now) {
            return now.isBefore(refreshAt) && Objects.equals(state, current);
        }
    }

    Entry get(byte[] request) {
        return entries.get(new Key(request));
    }

    void put(byte[] request, Entry e) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(new Key(request.clone()), e);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
