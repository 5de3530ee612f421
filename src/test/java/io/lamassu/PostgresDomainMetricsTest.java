package io.lamassu;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class PostgresDomainMetricsTest extends DomainMetricsContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.postgres());
    }
}
