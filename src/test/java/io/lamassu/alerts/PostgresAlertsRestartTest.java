package io.lamassu.alerts;

import io.lamassu.testkit.TestDatabases;

class PostgresAlertsRestartTest extends AlertsRestartContract {
    @Override
    String dbUrl() {
        return TestDatabases.freshPostgres();
    }
}
