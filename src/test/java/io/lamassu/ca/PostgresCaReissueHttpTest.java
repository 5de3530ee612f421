package io.lamassu.ca;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class PostgresCaReissueHttpTest extends CaReissueHttpContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.postgres());
    }
}
