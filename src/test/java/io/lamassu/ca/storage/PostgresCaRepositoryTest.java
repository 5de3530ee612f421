package io.lamassu.ca.storage;

import io.lamassu.storage.Database;
import io.lamassu.testkit.TestDatabases;

class PostgresCaRepositoryTest extends CaRepositoryContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }
}
