package io.lamassu;

import io.lamassu.testkit.TestApp;

class SqliteSeedGuideTest extends SeedGuideContract {
    @Override
    TestApp start() {
        return TestApp.sqlite();
    }
}
