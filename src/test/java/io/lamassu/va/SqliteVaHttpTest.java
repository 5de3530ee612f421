package io.lamassu.va;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class SqliteVaHttpTest extends VaHttpContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.sqlite());
    }
}
