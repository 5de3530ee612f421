package io.lamassu.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.TestApp;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** One server per test class, with alerts settings small enough to exercise limits, and an in-process SMTP server. */
abstract class AlertsTestBase {
    static TestApp app;
    static AlertsClient api;
    static GreenMail smtp;

    /** Three attempts, five subscriptions per user, SMTP to an in-process GreenMail without TLS. */
    static LamassuConfig config(String dbUrl) {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LamassuConfig.Alerts d = LamassuConfig.Alerts.defaults();
        return TestApp.config(dbUrl).withAlerts(new LamassuConfig.Alerts(4, d.pollMillis(), 3, "30s", "1h", "2s", "10s",
                5, d.deliveryRetention(), "127.0.0.1", smtp.getSmtp().getPort(), "", "", "alerts@lamassu.test", "none"));
    }

    static void startWith(TestApp started) {
        app = started;
        api = new AlertsClient(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }
}
