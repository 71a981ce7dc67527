package io.hetumind.studio.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticesTest {

    private static String event(int i, String node) {
        return "{\"tenantId\":\"t\",\"executionId\":\"e" + i + "\",\"type\":\"nodeStarted\",\"node\":\"" + node
                + "\",\"seq\":" + i + "}";
    }

    @Test
    void packedEventsComeBackInOrderAndEveryPayloadFitsTheLimit() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // multi-byte names: the limit is in bytes, not characters
            events.add(event(i, "Nöde ✓ " + "x".repeat(i % 300)));
        }
        List<String> packed = Notices.pack(events);
        assertThat(packed).hasSizeGreaterThan(1).hasSizeLessThan(events.size() / 5);
        List<String> back = new ArrayList<>();
        for (String p : packed) {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
            back.addAll(Notices.unpack(p));
        }
        assertThat(back).containsExactlyElementsOf(events);
    }

    @Test
    void aLoneEventAndNothingPassThrough() {
        assertThat(Notices.pack(List.of())).isEmpty();
        assertThat(Notices.unpack(event(1, "A"))).containsExactly(event(1, "A"));
        assertThat(Notices.pack(List.of(event(1, "A")))).containsExactly("[" + event(1, "A") + "]");
        assertThat(Notices.unpack("[not json")).containsExactly("[not json"); // counted as malformed downstream
    }
}
