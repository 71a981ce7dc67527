package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.internal.EventCodec;
import org.junit.jupiter.api.Test;

/** An entry made in this process carries its event; one read back is parsed; both are the same entry. */
class CheckpointEntryTest {

    @Test
    void anEntryKeepsItsEventAndEqualsTheSameEntryReadBack() {
        ExecutionEvent event = new ExecutionEvent.NodeFinished(
                12L, 3L, "Set", 10L, 2L, java.util.List.of(java.util.List.of()), null, java.util.List.of(), null, null);
        String json = EventCodec.write(event);
        Checkpointer.Entry made = new Checkpointer.Entry(4, json, event);
        Checkpointer.Entry read = new Checkpointer.Entry(4, json);
        assertThat(made).isEqualTo(read).hasSameHashCodeAs(read);
        assertThat(made.decoded()).isSameAs(event);
        assertThat(read.event()).isNull();
        assertThat(ExecutionEvent.outcomeNode(read.decoded())).isEqualTo("Set");
        assertThat(made).isNotEqualTo(new Checkpointer.Entry(5, json));
        assertThat(made.toString()).doesNotContain("NodeFinished[");
    }
}
