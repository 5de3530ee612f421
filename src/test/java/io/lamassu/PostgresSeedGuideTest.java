package io.lamassu;

import io.lamassu.testkit.TestApp;

class PostgresSeedGuideTest extends SeedGuideContract {
    @Override
    TestApp start() {
        return TestApp.postgres();
    }
}
