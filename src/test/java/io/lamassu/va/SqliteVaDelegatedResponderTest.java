package io.lamassu.va;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class SqliteVaDelegatedResponderTest extends VaDelegatedResponderContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.sqlite());
    }
}
