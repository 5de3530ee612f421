package io.lamassu;

import io.lamassu.testkit.TestApp;

class SqliteMalformedInputTest extends MalformedInputContract {
    @Override
    TestApp newApp() {
        return TestApp.sqlite();
    }
}
