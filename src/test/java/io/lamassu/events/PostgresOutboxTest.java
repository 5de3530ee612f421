package io.lamassu.events;

import io.lamassu.storage.Database;
import io.lamassu.testkit.TestDatabases;

class PostgresOutboxTest extends OutboxContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }
}
