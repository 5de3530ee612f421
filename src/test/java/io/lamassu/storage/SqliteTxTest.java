package io.lamassu.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteTxTest extends TxContractTest {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("tx").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
