package io.lamassu.storage;

import io.lamassu.testkit.TestDatabases;

class PostgresTxTest extends TxContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 4);
    }
}
