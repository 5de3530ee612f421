package io.lamassu.va;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class PostgresVaHttpTest extends VaHttpContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.start(TestApp.config(TestDatabases.freshPostgres())));
    }
}
