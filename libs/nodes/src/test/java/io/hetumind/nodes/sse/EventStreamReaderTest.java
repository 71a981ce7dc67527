package io.hetumind.nodes.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream grammar as eventsource 2.0.2 (n8n 2.8's SSE Trigger) reads it, quirks included. */
class EventStreamReaderTest {

    private static List<EventStreamReader.Event> read(String... chunks) throws Exception {
        List<InputStream> parts = new ArrayList<>();
        for (String c : chunks) {
            parts.add(new ByteArrayInputStream(c.getBytes(StandardCharsets.UTF_8)));
        }
        List<EventStreamReader.Event> events = new ArrayList<>();
        new EventStreamReader("", 1 << 20).read(new SequenceInputStream(Collections.enumeration(parts)), events::add);
        return events;
    }

    private static EventStreamReader.Event event(String type, String data, String id) {
        return new EventStreamReader.Event(type, data, id);
    }

    /**
     * eventsource 2.0.2's own answers ({@code scripts/n8n-diff/sse-cases.mjs}): each stream's chunks, one read each
     * here as they were one write each there, and the events it dispatched of the types it listened to.
     */
    @Test
    void readsEveryRecordedStreamAsEventsource202Does() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("sse-cases.json")) {
            cases = Json.reader().readTree(in);
        }
        assertThat(cases.size()).isGreaterThanOrEqualTo(10);
        for (var e : cases.properties()) {
            List<String> chunks = new ArrayList<>();
            e.getValue().get("chunks").forEach(c -> chunks.add(c.asText()));
            List<EventStreamReader.Event> expected = new ArrayList<>();
            e.getValue()
                    .get("events")
                    .forEach(ev -> expected.add(event(
                            ev.get("type").asText(),
                            ev.get("data").asText(),
                            ev.get("lastEventId").asText())));
            List<EventStreamReader.Event> got = read(chunks.toArray(String[]::new)).stream()
                    .filter(ev -> List.of("message", "ping", "skipped").contains(ev.type()))
                    .toList();
            assertThat(got).as(e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void aByteOrderMarkSplitFromItsReadIsTextAndAMultiByteCharacterMayBeSplit() throws Exception {
        byte[] all = "\ufeffdata: ünï 😀\n\n".getBytes(StandardCharsets.UTF_8);
        // one byte per read: the mark opens a read of fewer than three bytes, so it stays (as in eventsource)
        InputStream trickle = new InputStream() {
            int k;

            @Override
            public int read() {
                return k < all.length ? all[k++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (k >= all.length) {
                    return -1;
                }
                b[off] = all[k++];
                return 1;
            }
        };
        List<EventStreamReader.Event> events = new ArrayList<>();
        new EventStreamReader("", 1 << 20).read(trickle, events::add);
        assertThat(events).isEmpty();
        events.clear();
        new EventStreamReader("7", 1 << 20)
                .read(new ByteArrayInputStream("data: ünï 😀\n\n".getBytes(StandardCharsets.UTF_8)), events::add);
        assertThat(events).containsExactly(event("message", "ünï 😀", "7"));
    }

    @Test
    void aLineOrAnEventLargerThanTheLimitIsAnError() {
        String line = "data: " + "x".repeat(2_000) + "\n\n";
        assertThatThrownBy(() -> new EventStreamReader("", 1_024)
                        .read(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), e -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 1024 bytes");
        String many = "data: " + "x".repeat(600) + "\n" + "data: " + "x".repeat(600) + "\n\n";
        assertThatThrownBy(() -> new EventStreamReader("", 1_024)
                        .read(new ByteArrayInputStream(many.getBytes(StandardCharsets.UTF_8)), e -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than 1024 bytes of data");
    }
}
