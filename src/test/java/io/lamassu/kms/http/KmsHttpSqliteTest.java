package io.lamassu.kms.http;

import io.lamassu.testkit.TestApp;

class KmsHttpSqliteTest extends KmsHttpTest {
    @Override
    TestApp newApp() {
        return TestApp.sqlite();
    }
}
