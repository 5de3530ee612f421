package io.lamassu.audit;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class SqliteAuditApiTest extends AuditApiContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.sqlite());
    }
}
