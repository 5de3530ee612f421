package io.lamassu.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SqliteCaRepositoryTest extends CaRepositoryContractTest {
    @Override
    Database open() {
        try {
            return Database.sqlite(Files.createTempDirectory("ca-repo").resolve("t.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expiry query reads the partial next-due index, not the whole table. */
    @Test
    void expiryQueryUsesTheNextDueIndex() {
        String plan = String.join("\n", jdbc.query("EXPLAIN QUERY PLAN SELECT * FROM ca_certificates"
                + " WHERE next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
                rs -> rs.getString("detail"), 0L, 10));
        assertThat(plan).contains("ca_certificates_due");
    }
}
