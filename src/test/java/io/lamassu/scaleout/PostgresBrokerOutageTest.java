package io.lamassu.scaleout;

import static io.lamassu.scaleout.ClusterFixture.CA;
import static io.lamassu.scaleout.ClusterFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.events.CloudEvent;
import io.lamassu.testkit.Await;
import io.lamassu.testkit.TcpProxy;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestBrokers;
import io.lamassu.testkit.TestDatabases;
import io.lamassu.testkit.TestHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ becomes unreachable (a TCP proxy between the server and the broker is cut; the machine's
 * broker is never touched) while devices are registered, certificates signed and revoked: the API
 * keeps answering, health says the bus is DEGRADED (HTTP 200), events wait in the outbox (backlog
 * metric); once the proxy is restored every event arrives, none twice after de-duplication by id,
 * in commit order per entity, and the alerts consumer catches up.
 */
class PostgresBrokerOutageTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestBrokers.Names names;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (names != null) {
            names.delete(ClusterFixture.queues(names));
        }
    }

    @Test
    void nothingIsLostWhileTheBrokerIsUnreachable() throws Exception {
        String pg = TestDatabases.freshPostgres();
        names = TestBrokers.fresh();
        URI broker = URI.create(names.url());
        TcpProxy proxy = TcpProxy.to(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
        closeables.add(proxy);
        ClusterFixture.ExternalConsumer external = new ClusterFixture.ExternalConsumer(names);
        closeables.add(external);
        String viaProxy = names.url().replaceFirst("@[^/:]+(:\\d+)?", "@127.0.0.1:" + proxy.port());
        TestApp app = TestApp.start(ClusterFixture.config(pg, names.config(viaProxy)));
        closeables.add(app);
        ClusterFixture.installOracle(pg);
        TestHttp admin = TestHttp.tls(app, app.token("admin"));
        TestHttp operator = admin.withToken(app.token("operator"));
        TestHttp health = TestHttp.plain(app.httpBase(), null);
        ClusterFixture.createProfileCaAndDms(admin, "10h", "5h", "2h");
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            serials.add(ClusterFixture.enroll(operator, "before-" + i));
        }
        awaitAllDelivered(pg, external);
        assertThat(health.get("/health").json().at("/checks/event_bus").asText()).isEqualTo("UP");

        proxy.cut();
        Await.until("the bus reported degraded", Duration.ofSeconds(30),
                () -> "DEGRADED".equals(health.get("/health").json().at("/checks/event_bus").asText()));
        TestHttp.Response degraded = health.get("/health");
        assertThat(degraded.status()).isEqualTo(200);
        assertThat(degraded.json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.json().at("/checks/database").asText()).isEqualTo("UP");
        int receivedBeforeOutage = external.received.size();

        // The API keeps serving; its events wait.
        for (int i = 0; i < 8; i++) {
            serials.add(ClusterFixture.enroll(operator, "during-" + i));
        }
        for (String sn : serials.subList(0, 4)) {
            ok(operator.put(CA + "/certificates/" + sn + "/status", Map.of("status", "REVOKED",
                    "revocation_reason", "KeyCompromise")), 200);
        }
        long waiting = app.app().outboxRelay().backlog();
        assertThat(waiting).isPositive();
        String metrics = TestHttp.plain(app.httpBase(), null).get("/metrics").body();
        assertThat(metrics).contains("lamassu_events_bus_up 0.0");
        // While the bus is down the backlog only grows (a job or consumer may commit one more event
        // between the two reads), so the scrape shows at least what the relay reported.
        java.util.regex.Matcher backlog = java.util.regex.Pattern.compile("(?m)^lamassu_outbox_backlog_events (\\S+)$")
                .matcher(metrics);
        assertThat(backlog.find()).as("backlog gauge in /metrics").isTrue();
        assertThat(Double.parseDouble(backlog.group(1))).isGreaterThanOrEqualTo(waiting);
        assertThat(external.received).hasSize(receivedBeforeOutage);

        proxy.restore();
        awaitAllDelivered(pg, external);
        Await.until("the bus reported up", Duration.ofSeconds(30),
                () -> "UP".equals(health.get("/health").json().at("/checks/event_bus").asText()));
        List<String[]> committed = ClusterFixture.committed(pg);
        assertThat(external.distinctIds()).containsExactlyInAnyOrderElementsOf(committed.stream().map(r -> r[0]).toList());
        PostgresTwoInstancesTest.assertInCommitOrderPerEntity(ClusterFixture.receivedBySubject(external.received),
                ClusterFixture.bySubject(committed));
        JsonNode revoked = ok(operator.get(CA + "/certificates/" + serials.get(0)), 200);
        assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
        assertThat(external.received).filteredOn(e -> e.type().equals("certificate.status.update"))
                .extracting(CloudEvent::subject).contains("certificate/" + serials.get(0));
        Await.until("the alerts consumer", Duration.ofSeconds(60), () -> count(pg,
                "SELECT COUNT(*) FROM event_inbox WHERE consumer = 'alerts'") == committed.size());
        assertThat(app.app().outboxRelay().backlog()).isZero();
    }

    private static void awaitAllDelivered(String pg, ClusterFixture.ExternalConsumer external) {
        Await.until("every committed event at the external consumer", Duration.ofSeconds(60), () -> {
            List<String> ids = external.distinctIds();
            try {
                return ids.size() >= ClusterFixture.committed(pg).size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long count(String pg, String sql) {
        try {
            return ClusterFixture.count(pg, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
