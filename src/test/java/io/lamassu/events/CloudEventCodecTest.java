package io.lamassu.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire format external consumers parse (CloudEvents 1.0 structured JSON), both ways. */
class CloudEventCodecTest {
    private static CloudEvent event(String data) {
        return new CloudEvent("1.0", "0b6f", "source://lamassu.io/ca", "certificate.create", "certificate/1a",
                Instant.parse("2026-12-06T05:00:00.123Z"), "application/json", "jwt", "alice", data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"ACTIVE\",\"n\":[1,2,{\"é\":\"😀 \\\"q\\\"\"}]}", "[1,2,3]", "\"plain\"",
            "42", "true", "{}"})
    void jsonDataTravelsAsJsonAndComesBackAsTheSameValue(String data) throws Exception {
        byte[] wire = CloudEventCodec.encode(event(data));
        JsonNode tree = Json.MAPPER.readTree(wire);
        assertThat(tree.get("data")).isEqualTo(Json.MAPPER.readTree(data));
        CloudEvent back = CloudEventCodec.decode(wire);
        assertThat(Json.MAPPER.readTree(back.data())).isEqualTo(Json.MAPPER.readTree(data));
        assertThat(back).usingRecursiveComparison().ignoringFields("data").isEqualTo(event(data));
    }

    @Test
    void everyContextAttributeIsOnTheWire() throws Exception {
        JsonNode n = Json.MAPPER.readTree(CloudEventCodec.encode(event("{\"a\":1}")));
        assertThat(n.get("specversion").asText()).isEqualTo("1.0");
        assertThat(n.get("id").asText()).isEqualTo("0b6f");
        assertThat(n.get("source").asText()).isEqualTo("source://lamassu.io/ca");
        assertThat(n.get("type").asText()).isEqualTo("certificate.create");
        assertThat(n.get("subject").asText()).isEqualTo("certificate/1a");
        assertThat(n.get("time").asText()).isEqualTo("2026-12-06T05:00:00.123Z");
        assertThat(n.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(n.get("authtype").asText()).isEqualTo("jwt");
        assertThat(n.get("authid").asText()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"a\":1} trailing", "{\"a\":", ""})
    void dataThatIsNotOneJsonValueTravelsAsAString(String data) throws Exception {
        JsonNode n = Json.MAPPER.readTree(CloudEventCodec.encode(event(data)));
        assertThat(n.get("data").isTextual()).isTrue();
        assertThat(n.get("data").asText()).isEqualTo(data);
    }

    @Test
    void absentDataIsNull() {
        assertThat(CloudEventCodec.decode(CloudEventCodec.encode(event(null))).data()).isNull();
    }

    /** What another producer may send: any field order, whitespace, unknown extensions. */
    @Test
    void decodesAMessageWrittenElsewhere() {
        String msg = "{ \"data\" : { \"x\" : [ 1 , 2 ] } ,\n \"myext\": {\"nested\": true}, \"type\":\"ca.create\","
                + " \"id\":\"e1\", \"source\":\"s\", \"specversion\":\"1.0\", \"time\": \"2026-01-01T00:00:00Z\" }\n";
        CloudEvent e = CloudEventCodec.decode(msg.getBytes(StandardCharsets.UTF_8));
        assertThat(e.id()).isEqualTo("e1");
        assertThat(e.type()).isEqualTo("ca.create");
        assertThat(e.subject()).isNull();
        assertThat(e.datacontenttype()).isEqualTo("application/json");
        assertThat(e.data()).isEqualTo("{ \"x\" : [ 1 , 2 ] }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1]", "{\"id\":\"x\",\"source\":\"s\"}", "{\"id\":\"\",\"type\":\"t\",\"source\":\"s\"}",
            "{\"id\":{\"a\":1},\"type\":\"t\",\"source\":\"s\"}", "{\"id\":\"x\",\"type\":\"t\",\"source\":\"s\"} {}",
            "{\"id\":\"x\",\"type\":\"t\",\"source\":\"s\",\"time\":\"yesterday\"}", "{\"id\":\"x\",\"type\":\"t\""})
    void refusesWhatIsNotAStructuredCloudEvent(String msg) {
        assertThatThrownBy(() -> CloudEventCodec.decode(msg.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMissingOrOversizedMessage() {
        assertThatThrownBy(() -> CloudEventCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudEventCodec.decode(new byte[CloudEventCodec.MAX_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
