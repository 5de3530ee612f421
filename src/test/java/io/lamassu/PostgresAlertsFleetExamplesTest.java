package io.lamassu;

import io.lamassu.testkit.TestApp;

class PostgresAlertsFleetExamplesTest extends AlertsFleetExamplesContract {
    @Override
    TestApp start() {
        return TestApp.postgres();
    }
}
