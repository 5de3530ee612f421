package io.lamassu.va;

import java.time.Instant;

/** A CRL as issued and stored: the DER bytes are served as they are, never rebuilt per request. */
public record StoredCrl(String caSki, long number, boolean delta, long baseNumber, Instant thisUpdate,
                        Instant nextUpdate, byte[] der) {
}
