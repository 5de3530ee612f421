package io.lamassu.alerts;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class PostgresAlertsDeliveryTest extends AlertsDeliveryContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.start(config(TestDatabases.freshPostgres())));
    }
}
