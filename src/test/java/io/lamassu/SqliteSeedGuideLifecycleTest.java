package io.lamassu;

import io.lamassu.testkit.TestApp;

class SqliteSeedGuideLifecycleTest extends SeedGuideLifecycleContract {
    @Override
    TestApp start() {
        return TestApp.sqlite();
    }
}
