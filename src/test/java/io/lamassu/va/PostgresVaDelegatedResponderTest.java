package io.lamassu.va;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class PostgresVaDelegatedResponderTest extends VaDelegatedResponderContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.start(TestApp.config(TestDatabases.freshPostgres())));
    }
}
