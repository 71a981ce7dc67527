package io.hetumind.taskagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.run.LocalLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLogsTest {
    @TempDir
    Path dir;

    @Test
    void aLogRollsOverAtItsSizeAndKeepsTheConfiguredNumberOfFiles() throws Exception {
        LocalLogs logs = new LocalLogs(dir, 1000, 2, 10);
        UUID id = Uuid7.next();
        try (LocalLogs.Writer w = logs.open(id)) {
            for (int i = 0; i < 100; i++) {
                w.line("stdout", "a line of some length number " + i);
            }
        }
        assertThat(Files.exists(dir.resolve(id + ".log"))).isTrue();
        assertThat(Files.exists(dir.resolve(id + ".log.1"))).isTrue();
        assertThat(Files.exists(dir.resolve(id + ".log.2"))).isTrue();
        assertThat(Files.exists(dir.resolve(id + ".log.3"))).isFalse();
        assertThat(Files.size(dir.resolve(id + ".log"))).isLessThanOrEqualTo(1000);
        assertThat(Files.readString(dir.resolve(id + ".log"))).contains("number 99");
    }

    @Test
    void onlyTheNewestInstanceLogsAreKept() throws Exception {
        LocalLogs logs = new LocalLogs(dir, 1 << 20, 1, 3);
        for (int i = 0; i < 6; i++) {
            try (LocalLogs.Writer w = logs.open(Uuid7.next())) {
                w.line("stdout", "x");
            }
            Thread.sleep(15);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).hasSize(3);
        }
    }
}
