package io.lamassu.kms.storage;

import io.lamassu.storage.Database;
import io.lamassu.testkit.TestDatabases;

class PostgresKeyRepositoryTest extends KeyRepositoryContract {
    @Override
    Database database() {
        return Database.postgres(TestDatabases.freshPostgres(), "", "", 2);
    }
}
