package io.lamassu.dms.storage;

import io.lamassu.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteDmsRepositoryTest extends DmsRepositoryContract {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("dmsrepo").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
