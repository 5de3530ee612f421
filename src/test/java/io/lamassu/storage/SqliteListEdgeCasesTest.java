package io.lamassu.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteListEdgeCasesTest extends ListEdgeCasesContractTest {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("edges").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
