package io.lamassu.devices.http;

import io.lamassu.testkit.TestApp;

class SqliteDevicesHttpTest extends DevicesHttpContract {
    @Override
    TestApp start() {
        return TestApp.sqlite();
    }
}
