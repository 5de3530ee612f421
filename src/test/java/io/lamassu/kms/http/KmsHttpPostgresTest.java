package io.lamassu.kms.http;

import io.lamassu.testkit.TestApp;

class KmsHttpPostgresTest extends KmsHttpTest {
    @Override
    TestApp newApp() {
        return TestApp.postgres();
    }
}
