package io.lamassu.alerts;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class SqliteAlertsDeliveryTest extends AlertsDeliveryContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.start(config("")));
    }
}
