package io.lamassu.storage;

import java.sql.SQLException;

/** A unique constraint was violated; services translate it into their own 409. */
public class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(SQLException cause) {
        super("duplicate key", cause);
    }
}
