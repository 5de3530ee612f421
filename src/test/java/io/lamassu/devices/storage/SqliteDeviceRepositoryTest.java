package io.lamassu.devices.storage;

import io.lamassu.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteDeviceRepositoryTest extends DeviceRepositoryContract {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("devrepo").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
