package io.lamassu.events;

import io.lamassu.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteOutboxTest extends OutboxContractTest {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("outbox").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
