package io.lamassu.kms.storage;

import io.lamassu.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteKeyRepositoryTest extends KeyRepositoryContract {
    @Override
    Database database() {
        try {
            return Database.sqlite(Files.createTempDirectory("kms-repo").resolve("test.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
