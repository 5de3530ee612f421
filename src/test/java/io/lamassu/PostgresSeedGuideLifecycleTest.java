package io.lamassu;

import io.lamassu.testkit.TestApp;

class PostgresSeedGuideLifecycleTest extends SeedGuideLifecycleContract {
    @Override
    TestApp start() {
        return TestApp.postgres();
    }
}
