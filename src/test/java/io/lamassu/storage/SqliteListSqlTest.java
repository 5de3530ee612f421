package io.lamassu.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteListSqlTest extends ListSqlContractTest {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("listsql").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
