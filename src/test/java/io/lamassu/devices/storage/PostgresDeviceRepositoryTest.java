package io.lamassu.devices.storage;

import io.lamassu.storage.Database;
import io.lamassu.testkit.TestDatabases;

class PostgresDeviceRepositoryTest extends DeviceRepositoryContract {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }
}
