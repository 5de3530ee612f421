package io.lamassu.dms.est;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class PostgresEstTest extends EstContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.postgres());
    }
}
