package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

/** On an ICU en-US database: its own text order is not code point order, so list sorts must not use it. */
class PostgresListEdgeCasesTest extends ListEdgeCasesContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(
                "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"), null, null, 2);
    }

    @Test
    void anIcuDatabaseIsDetectedSoSortsUseTheCCollation() {
        assertThat(db.textInCodePointOrder()).isFalse();
    }
}
