package io.lamassu;

import io.lamassu.testkit.TestApp;

class PostgresMalformedInputTest extends MalformedInputContract {
    @Override
    TestApp newApp() {
        return TestApp.postgres();
    }
}
