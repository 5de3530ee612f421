package io.lamassu.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.lamassu.ca.CaApi;
import io.lamassu.ca.TestKeys;
import io.lamassu.common.json.Json;
import io.lamassu.config.LamassuConfig;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.events.CloudEvent;
import io.lamassu.events.CloudEventCodec;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestBrokers;
import io.lamassu.testkit.TestHttp;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test helpers shared by the scale-out and outage tests: an external consumer with its own queue
 * on the test exchange (what a customer's integration sees), an oracle of every event committed
 * (a PostgreSQL trigger copies each outbox row as it is written, in the writing transaction), and
 * a few API calls.
 */
final class ClusterFixture {
    static final String CA = "/api/ca/v1";
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";

    private ClusterFixture() {
    }

    /** Outbox polled every 100 ms (the relay retries after an outage at that pace); other jobs driven by the test. */
    static LamassuConfig config(String pgUrl, LamassuConfig.Events events) {
        return TestApp.config(pgUrl).withEvents(events).withJobs(new LamassuConfig.Jobs(3_600_000, 3_600_000, 100));
    }

    /** The queues a test's instances and external consumer declare (deleted afterwards). */
    static String[] queues(TestBrokers.Names names) {
        return java.util.stream.Stream.of("external", "alerts", "metrics-device-transitions",
                "metrics-certificate-transitions").map(q -> names.queuePrefix() + "." + q).toArray(String[]::new);
    }

    /** A durable queue bound with {@code #}, consumed into a list as messages arrive (raw, duplicates kept). */
    static final class ExternalConsumer implements AutoCloseable {
        final List<CloudEvent> received = new CopyOnWriteArrayList<>();
        final String queue;
        private final Connection connection;

        ExternalConsumer(TestBrokers.Names names) throws Exception {
            this.queue = names.queuePrefix() + ".external";
            this.connection = names.connect();
            Channel ch = connection.createChannel();
            ch.exchangeDeclare(names.exchange(), "topic", true);
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, names.exchange(), "#");
            ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                    received.add(CloudEventCodec.decode(body));
                }
            });
        }

        List<String> distinctIds() {
            return received.stream().map(CloudEvent::id).distinct().toList();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /** Every outbox row ever written, with its commit-ordered id, kept by a trigger (test-only table). */
    static void installOracle(String pgUrl) throws Exception {
        try (var c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_outbox_copy (id BIGINT, event_id TEXT, type TEXT, subject TEXT, data TEXT)");
            s.execute("CREATE FUNCTION test_copy_outbox() RETURNS trigger AS $$ BEGIN"
                    + " INSERT INTO test_outbox_copy VALUES (NEW.id, NEW.event_id, NEW.type, NEW.subject, NEW.data);"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql");
            s.execute("CREATE TRIGGER test_copy_outbox AFTER INSERT ON event_outbox FOR EACH ROW"
                    + " EXECUTE FUNCTION test_copy_outbox()");
        }
    }

    /** The oracle's rows ordered by outbox id: event id, subject. */
    static List<String[]> committed(String pgUrl) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (var c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id, subject, type, data FROM test_outbox_copy ORDER BY id")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return rows;
    }

    static long count(String pgUrl, String sql) throws Exception {
        try (var c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Event ids per subject, in the order given. */
    static Map<String, List<String>> bySubject(List<String[]> rows) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String[] r : rows) {
            m.computeIfAbsent(r[1], k -> new ArrayList<>()).add(r[0]);
        }
        return m;
    }

    static Map<String, List<String>> receivedBySubject(List<CloudEvent> events) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CloudEvent e : events) {
            if (seen.add(e.id())) {
                m.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e.id());
            }
        }
        return m;
    }

    static JsonNode ok(TestHttp.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : r.json();
    }

    static void createProfileCaAndDms(TestHttp admin, String validity, String preventive, String critical) {
        ok(admin.post(CA + "/profiles", CaApi.profileBody("device-profile", validity)), 201);
        ok(admin.post(CA + "/cas", CaApi.caBody("issuing-ca", null, "Issuing CA", "device-profile")), 201);
        ok(admin.post(DMS + "/dms", "{\"id\":\"line-1\",\"name\":\"Line 1\",\"metadata\":{},\"settings\":{"
                + "\"enrollment_settings\":{\"enrollment_ca\":\"issuing-ca\"},\"reenrollment_settings\":"
                + "{\"preventive_delta\":\"" + preventive + "\",\"critical_delta\":\"" + critical + "\"}}}"), 201);
    }

    /** Registers {@code deviceId}, signs a CSR for it and binds the certificate: an ACTIVE device. Returns the serial. */
    static String enroll(TestHttp operator, String deviceId) {
        ok(operator.post(DEV + "/devices", Map.of("id", deviceId, "dms_id", "line-1", "tags", List.of("t"),
                "metadata", Map.of("k", "v"))), 201);
        String csr = TestKeys.base64Der(TestKeys.csr(TestKeys.generate("ECDSA", 256),
                DistinguishedName.ofCommonName(deviceId), List.of()));
        String serial = ok(operator.post(CA + "/cas/issuing-ca/sign", Map.of("csr", csr, "profile_id",
                "device-profile")), 201).get("serial_number").asText();
        ok(operator.post(DMS + "/dms/bind-identity", Map.of("device_id", deviceId, "certificate_serial_number",
                serial)), 200);
        return serial;
    }

    static String updatedStatus(String data) {
        JsonNode n = Json.MAPPER.valueToTree(Json.readMap(data));
        return n.at("/updated/status").asText(n.at("/updated/certificate/status").asText(""));
    }
}
