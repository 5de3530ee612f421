package io.lamassu.devices.http;

import io.lamassu.testkit.TestApp;

class PostgresDevicesHttpTest extends DevicesHttpContract {
    @Override
    TestApp start() {
        return TestApp.postgres();
    }
}
