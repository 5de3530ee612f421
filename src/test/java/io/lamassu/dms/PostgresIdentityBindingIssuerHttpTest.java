package io.lamassu.dms;

import io.lamassu.testkit.TestApp;
import org.junit.jupiter.api.BeforeAll;

class PostgresIdentityBindingIssuerHttpTest extends IdentityBindingIssuerHttpContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.postgres());
    }
}
