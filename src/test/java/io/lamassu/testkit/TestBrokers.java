package io.lamassu.testkit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.lamassu.config.LamassuConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * RabbitMQ for tests: enabled with {@code -Dlamassu.test.amqp=amqp://guest:guest@127.0.0.1:5672}
 * (CI always sets it, so these tests never skip there). Each {@link #fresh()} names its own
 * exchange, dead-letter exchange and queue prefix, so concurrent test runs on one broker never see
 * each other's events; {@link Names#delete()} removes them afterwards.
 */
public final class TestBrokers {
    private TestBrokers() {
    }

    public static String url() {
        String url = System.getProperty("lamassu.test.amqp", "");
        return url.isEmpty() ? System.getenv().getOrDefault("LAMASSU_TEST_AMQP", "") : url;
    }

    /** Skips the calling test when RabbitMQ tests are off; CI switches them on. */
    public static Names fresh() {
        Assumptions.assumeTrue(!url().isEmpty(), "RabbitMQ tests are off (set -Dlamassu.test.amqp)");
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return new Names(url(), "test-events-" + id, "test-dlq-" + id, "test-" + id);
    }

    /** One test's broker objects. */
    public record Names(String url, String exchange, String deadLetterExchange, String queuePrefix) {
        /** The {@code events} configuration for these names on {@code brokerUrl} (a proxy's, for outage tests). */
        public LamassuConfig.Events config(String brokerUrl) {
            return LamassuConfig.Events.defaults().rabbitmq(brokerUrl).named(exchange, deadLetterExchange, queuePrefix)
                    .withRetries(2, "5ms", "20ms");
        }

        public LamassuConfig.Events config() {
            return config(url);
        }

        public Connection connect() {
            try {
                ConnectionFactory f = new ConnectionFactory();
                f.setUri(url);
                return f.newConnection("lamassu-test");
            } catch (Exception e) {
                throw new IllegalStateException("cannot connect to RabbitMQ at " + url, e);
            }
        }

        /** Deletes the exchanges and the queues named {@code queues} (and the DLQ queue). */
        public void delete(String... queues) {
            try (Connection c = connect(); Channel ch = c.createChannel()) {
                List<String> all = new ArrayList<>(List.of(queues));
                all.add(deadLetterExchange);
                for (String q : all) {
                    ch.queueDelete(q);
                }
                ch.exchangeDelete(exchange);
                ch.exchangeDelete(deadLetterExchange);
            } catch (Exception e) {
                System.err.println("could not delete test broker objects: " + e);
            }
        }
    }
}
