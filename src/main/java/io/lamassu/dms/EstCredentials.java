package io.lamassu.dms;

import java.util.Optional;

/** Storage port for a DMS's EST HTTP Basic credential; joins the caller's transaction. */
public interface EstCredentials {
    /** The stored username and password hash, if the DMS has a credential. */
    Optional<Stored> find(String dmsId);

    /** False when the DMS does not exist. */
    boolean set(String dmsId, String username, String passwordHash);

    /** False when the DMS does not exist. */
    boolean clear(String dmsId);

    /** Username and bcrypt hash (never the password). */
    record Stored(String username, String passwordHash) {
    }
}
