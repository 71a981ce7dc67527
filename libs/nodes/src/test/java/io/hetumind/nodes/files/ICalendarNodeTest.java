package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy iCalendar node: Convert to File's iCal under n8n's old node name (n8n-recorded/ICalendar pins it). */
class ICalendarNodeTest {

    @TempDir
    Path dir;

    @Test
    void writesOneEventFilePerItem() throws Exception {
        FileBinaryStore store = new FileBinaryStore(dir, 1 << 20);
        ExecutionResult r = new NodeRunner(new ICalendarNode())
                .binaryStore(store)
                .run(
                        1,
                        NodeTests.json("{\"title\": \"Standup\", \"start\": \"2024-01-03T10:00:00Z\","
                                + " \"end\": \"2024-01-03T10:15:00Z\", \"additionalFields\": {\"uid\": \"u-1\"}}"),
                        null);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        BinaryRef ics = r.output("Node", 0).getFirst().binary().get("data");
        assertThat(ics.fileName()).isEqualTo("event.ics");
        assertThat(ics.mimeType()).isEqualTo("text/calendar");
        String text = new String(store.read(ics), StandardCharsets.UTF_8);
        assertThat(text).contains("SUMMARY:Standup", "UID:u-1", "DTSTART:20240103T100000Z", "DTEND:20240103T101500Z");
    }

    @Test
    void aFileNameFailsAsInNEightN() {
        // n8n 2.8.4 passes the option on to the ics package, which refuses the unknown field
        ExecutionResult r = new NodeRunner(new ICalendarNode())
                .binaryStore(new FileBinaryStore(dir, 1 << 20))
                .run(
                        1,
                        NodeTests.json(
                                "{\"title\": \"x\", \"start\": \"2024-01-03T10:00:00Z\","
                                        + " \"end\": \"2024-01-03T10:15:00Z\", \"additionalFields\": {\"fileName\": \"a.ics\"}}"),
                        null);
        assertThat(NodeTests.error(r)).startsWith("parameter 'additionalFields.fileName': n8n's iCal passes");
    }
}
