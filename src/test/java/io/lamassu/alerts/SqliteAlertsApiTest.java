package io.lamassu.alerts;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class SqliteAlertsApiTest extends AlertsApiContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.start(config("")));
    }
}
