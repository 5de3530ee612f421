package io.lamassu.alerts;

class SqliteAlertsRestartTest extends AlertsRestartContract {
    @Override
    String dbUrl() {
        return "";
    }
}
