package io.hetumind.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void framesRoundTripInSnakeCase() throws Exception {
        var reg = new Messages.Register(Protocol.VERSION, "host-1", Map.of("os", "linux"), "Linux", 4, List.of());
        String text = Protocol.encode(Kind.REGISTER, reg);
        assertThat(text).contains("\"kind\":\"register\"", "\"protocol_version\":1", "\"max_concurrency\":4");
        Protocol.Frame f = Protocol.decode(text);
        assertThat(f.kind()).isEqualTo(Kind.REGISTER);
        assertThat(f.payload(Messages.Register.class)).isEqualTo(reg);
        assertThat(f.id().version()).isEqualTo(7);
    }

    @Test
    void logUpdatesCarryLines() throws Exception {
        UUID id = Uuid7.next();
        var u = new Messages.InstanceUpdate(
                id, "log", 0L, List.of(new Messages.LogLine("stdout", "hello", 1L)), null, null, null, null, 2L);
        assertThat(Protocol.decode(Protocol.encode(Kind.INSTANCE_UPDATE, u)).payload())
                .isEqualTo(u);
    }

    @Test
    void defectsHaveStableCodes() {
        assertCode("{not json", "malformed");
        assertCode("[]", "malformed");
        assertCode("{\"id\":\"" + Uuid7.next() + "\",\"kind\":\"register\",\"ts\":1}", "malformed");
        assertCode(frame("launch_missiles", "{}"), "unknown-kind");
        assertCode(frame("acquire_task", "{\"slots\":1,\"extra\":true}"), "malformed");
        assertCode(frame("acquire_task", "{\"slots\":0}"), "invalid");
        assertCode(
                frame("instance_update", "{\"instance_id\":\"" + Uuid7.next() + "\",\"event\":\"exploded\"}"),
                "invalid");
        assertCode(frame("instance_update", "{\"instance_id\":\"" + Uuid7.next() + "\",\"event\":\"log\"}"), "invalid");
        assertCode(frame("acquire_task", "{\"slots\":1}") + " trailing", "malformed");
    }

    private static String frame(String kind, String payload) {
        return "{\"id\":\"" + Uuid7.next() + "\",\"kind\":\"" + kind + "\",\"ts\":5,\"payload\":" + payload + "}";
    }

    private static void assertCode(String text, String code) {
        assertThatThrownBy(() -> Protocol.decode(text))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code())
                .isEqualTo(code);
    }
}
