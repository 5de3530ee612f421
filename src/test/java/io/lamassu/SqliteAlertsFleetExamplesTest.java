package io.lamassu;

import io.lamassu.testkit.TestApp;

class SqliteAlertsFleetExamplesTest extends AlertsFleetExamplesContract {
    @Override
    TestApp start() {
        return TestApp.sqlite();
    }
}
