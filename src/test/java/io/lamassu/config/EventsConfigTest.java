package io.lamassu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lamassu.http.auth.EmbeddedTokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events section: defaults, environment variables, validation naming the key, the password masked. */
class EventsConfigTest {
    @Test
    void theEmbeddedDefaultIsTheInProcessBusWithUpstreamNames() {
        LamassuConfig.Events e = ConfigLoader.load(null, Map.of()).events();
        assertThat(e.broker()).isEqualTo("inprocess");
        assertThat(e.exchange()).isEqualTo("lamassu-events");
        assertThat(e.deadLetterExchange()).isEqualTo("lamassu-dlq");
        assertThat(e.consumerRetries()).isEqualTo(3);
    }

    @Test
    void environmentSelectsRabbitMqAndTheUrlIsMasked() {
        LamassuConfig c = ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "rabbitmq",
                "LAMASSU_EVENTS_AMQP_URL", "amqp://lamassu:s3cret@mq.example:5672/pki"));
        assertThat(c.events().isRabbitMq()).isTrue();
        assertThat(c.events().amqpUrl()).isEqualTo("amqp://lamassu:s3cret@mq.example:5672/pki");
        assertThat(ConfigLoader.describe(c)).contains("amqp://lamassu:***@mq.example:5672/pki").doesNotContain("s3cret");
        assertThat(c.events().toString()).doesNotContain("s3cret");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "kafka")))
                .hasMessageContaining("events.broker");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "rabbitmq")))
                .hasMessageContaining("events.amqp_url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "rabbitmq",
                "LAMASSU_EVENTS_AMQP_URL", "http://user:pw@mq:5672"))).hasMessageContaining("events.amqp_url")
                .hasMessageNotContaining("pw@");
        // A trailing '/' is the empty virtual host (AMQP URI spec), which RabbitMQ does not have.
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "rabbitmq",
                "LAMASSU_EVENTS_AMQP_URL", "amqp://user:pw@mq:5672/"))).hasMessageContaining("empty virtual host")
                .hasMessageNotContaining("pw@");
        assertThat(ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_BROKER", "rabbitmq",
                "LAMASSU_EVENTS_AMQP_URL", "amqp://user:pw@mq:5672/%2F")).events().amqpUrl()).endsWith("/%2F");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_EXCHANGE", "amq.topic")))
                .hasMessageContaining("events.exchange");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_DEAD_LETTER_EXCHANGE",
                "lamassu-events"))).hasMessageContaining("events.dead_letter_exchange");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LAMASSU_EVENTS_RETRY_INITIAL_BACKOFF", "soon")))
                .hasMessageContaining("events.retry_initial_backoff");
    }

    /** Instances given the same token key through the environment accept each other's tokens. */
    @Test
    void theTokenKeyMayComeFromTheEnvironment() throws Exception {
        String jwk = new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toJSONString();
        Path one = Files.createTempDirectory("lamassu-a");
        Path two = Files.createTempDirectory("lamassu-b");
        EmbeddedTokenIssuer a = EmbeddedTokenIssuer.loadOrCreate(one, "lamassu", "lamassu", Clock.systemUTC(), jwk);
        EmbeddedTokenIssuer b = EmbeddedTokenIssuer.loadOrCreate(two, "lamassu", "lamassu", Clock.systemUTC(), jwk);
        assertThat(a.publicKey()).isEqualTo(b.publicKey());
        assertThat(Files.exists(one.resolve(EmbeddedTokenIssuer.KEY_FILE))).isFalse();
        String publicOnly = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString();
        assertThatThrownBy(() -> EmbeddedTokenIssuer.loadOrCreate(one, "lamassu", "lamassu", Clock.systemUTC(),
                publicOnly)).hasMessageContaining(EmbeddedTokenIssuer.KEY_ENV);
    }
}
