package io.lamassu.dms.storage;

import io.lamassu.storage.Database;
import io.lamassu.testkit.TestDatabases;

class PostgresDmsRepositoryTest extends DmsRepositoryContract {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }
}
