package io.lamassu.storage;

import io.lamassu.testkit.TestDatabases;

class PostgresListSqlTest extends ListSqlContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }
}
