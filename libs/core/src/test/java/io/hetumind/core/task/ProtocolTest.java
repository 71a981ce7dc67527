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
        assertThat(text)
                .contains("\"kind\":\"register\"", "\"protocol_version\":" + Protocol.VERSION, "\"max_concurrency\":4")
                .doesNotContain("capabilities");
        Protocol.Frame f = Protocol.decode(text);
        assertThat(f.kind()).isEqualTo(Kind.REGISTER);
        assertThat(f.payload(Messages.Register.class)).isEqualTo(reg);
        assertThat(f.id().version()).isEqualTo(7);
    }

    @Test
    void optionalDispatchFieldsAreLeftOutUnlessSetSoAProtocol1AgentNeverSeesThem() throws Exception {
        var d = new Messages.Dispatch(Uuid7.next(), Uuid7.next(), "j", 1, "true", List.of(), Map.of(), null, 1000);
        String plain = Protocol.encode(Kind.TASK_DISPATCH, new Messages.TaskDispatch(List.of(d)));
        assertThat(plain).doesNotContain("not_before").doesNotContain("traceparent");
        var held = d.with(1_700_000_000_000L, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        String text = Protocol.encode(Kind.TASK_DISPATCH, new Messages.TaskDispatch(List.of(held)));
        assertThat(text).contains("\"not_before\":1700000000000", "\"traceparent\":\"00-0af7651916cd43dd");
        assertThat(Protocol.decode(text).payload(Messages.TaskDispatch.class).instances())
                .containsExactly(held);
        var reg = new Messages.Register(
                Protocol.VERSION, "h", Map.of(), "x", 1, List.of(), List.of(Protocol.HELD_DISPATCH, "x".repeat(65)));
        assertThatThrownBy(() -> Protocol.decode(Protocol.encode(Kind.REGISTER, reg)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("capabilities");
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

    @Test
    void logLinesTravelCompressedAndAreInflatedOnDecodeWithinABound() throws Exception {
        UUID id = Uuid7.next();
        List<Messages.LogLine> lines = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(
                        i -> new Messages.LogLine(i % 7 == 0 ? "stderr" : "stdout", "line " + i + " of a build log", i))
                .toList();
        String plain = Protocol.encode(
                Kind.INSTANCE_UPDATE, new Messages.InstanceUpdate(id, "log", 5L, lines, null, null, null, null, 9L));
        String packed = Protocol.encode(Kind.INSTANCE_UPDATE, Messages.InstanceUpdate.compressedLog(id, 5, lines, 9));
        assertThat(packed).contains("\"lines_gz\":").doesNotContain("\"lines\":[");
        assertThat(packed.length()).as("a fifth of the plain frame at most").isLessThan(plain.length() / 5);
        Messages.InstanceUpdate back = Protocol.decode(packed).payload(Messages.InstanceUpdate.class);
        assertThat(back.lines()).isEqualTo(lines);
        assertThat(back.linesGz()).isNull();
        assertThat(back.firstSeq()).isEqualTo(5L);

        // Garbage, lines twice, or a block inflating past the bound (a "zip bomb") are refused.
        String frame = "{\"id\":\"" + Uuid7.next() + "\",\"kind\":\"instance_update\",\"ts\":1,\"payload\":";
        assertThatThrownBy(() -> Protocol.decode(frame + "{\"instance_id\":\"" + id
                        + "\",\"event\":\"log\",\"first_seq\":0,\"lines_gz\":\"bm90IGd6aXA=\"}}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("lines_gz");
        var both = new Messages.InstanceUpdate(
                id, "log", 0L, lines.subList(0, 1), null, null, null, null, 1L, LogChunks.gzipBase64(lines));
        assertThatThrownBy(() -> Protocol.decode(Protocol.encode(Kind.INSTANCE_UPDATE, both)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("lines_gz");
        var bomb = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bomb)) {
            gz.write("[{\"stream\":\"stdout\",\"text\":\"".getBytes());
            byte[] a = new byte[1 << 20];
            java.util.Arrays.fill(a, (byte) 'a');
            for (int i = 0; i < 30; i++) {
                gz.write(a);
            }
            gz.write("\",\"at\":1}]".getBytes());
        }
        assertThat(bomb.size()).isLessThan(200_000);
        String bombed = java.util.Base64.getEncoder().encodeToString(bomb.toByteArray());
        assertThatThrownBy(() -> Protocol.decode(frame + "{\"instance_id\":\"" + id
                        + "\",\"event\":\"log\",\"first_seq\":0,\"lines_gz\":\"" + bombed + "\"}}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("inflates to more than");
    }
}
