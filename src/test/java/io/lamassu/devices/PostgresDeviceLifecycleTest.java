package io.lamassu.devices;

/** The lifecycle cases of {@link DeviceLifecycleTest} on PostgreSQL, where batches run as one SQL statement. */
class PostgresDeviceLifecycleTest extends DeviceLifecycleTest {
    @Override
    DevicesFixture fixture() {
        return DevicesFixture.postgres();
    }
}
