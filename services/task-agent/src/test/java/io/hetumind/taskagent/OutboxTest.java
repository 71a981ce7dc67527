package io.hetumind.taskagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.outbox.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void whatIsNotAcknowledgedSurvivesARestartInOrder() {
        UUID a = Uuid7.next();
        UUID b = Uuid7.next();
        UUID c = Uuid7.next();
        UUID inst = Uuid7.next();
        try (Outbox o = Outbox.open(dir, true)) {
            o.add(a, inst, "{\"n\":1}");
            o.add(b, inst, "{\"n\":2}");
            o.add(c, Uuid7.next(), "{\"n\":3}");
            assertThat(o.ack(a)).isTrue();
            assertThat(o.ack(a)).isFalse();
        }
        try (Outbox o = Outbox.open(dir, false)) {
            assertThat(o.pending()).extracting(Outbox.Entry::id).containsExactly(b, c);
            assertThat(o.heads()).extracting(Outbox.Entry::id).containsExactly(b, c);
            assertThat(o.instances()).contains(inst);
        }
    }

    @Test
    void aTornLastLineFromACrashIsIgnored() throws Exception {
        UUID a = Uuid7.next();
        try (Outbox o = Outbox.open(dir, false)) {
            o.add(a, Uuid7.next(), "{\"n\":1}");
        }
        Files.writeString(
                dir.resolve("pending.log"), Uuid7.next() + " " + Uuid7.next() + " {\"n\":", StandardOpenOption.APPEND);
        try (Outbox o = Outbox.open(dir, false)) {
            assertThat(o.pending()).extracting(Outbox.Entry::id).containsExactly(a);
        }
    }

    @Test
    void compactionKeepsOnlyWhatIsPending() throws Exception {
        UUID keep = Uuid7.next();
        try (Outbox o = Outbox.open(dir, false)) {
            o.add(keep, Uuid7.next(), "{\"keep\":true}");
            for (int i = 0; i < 1500; i++) {
                UUID id = Uuid7.next();
                o.add(id, Uuid7.next(), "{\"i\":" + i + "}");
                o.ack(id);
            }
            assertThat(o.size()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(dir.resolve("pending.log")).size()).isLessThan(600);
        try (Outbox o = Outbox.open(dir, false)) {
            assertThat(o.pending()).extracting(Outbox.Entry::id).containsExactly(keep);
        }
        assertThat(Files.readAllLines(dir.resolve("pending.log"))).hasSize(1);
    }
}
