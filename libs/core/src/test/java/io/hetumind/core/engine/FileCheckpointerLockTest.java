package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.Checkpointer.Commit;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.Checkpointer.Version;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may write an execution of a {@link FileCheckpointer}: one owner at a time, across instances and processes, and
 * nobody is locked out by an owner that was killed. Other processes are real ones ({@link CheckpointLockProbe}).
 */
class FileCheckpointerLockTest {

    @TempDir
    Path root;

    private static Commit commit(long expected) {
        return new Commit(
                new Version(expected, null),
                List.of(new Entry(expected + 1, "{\"n\":" + (expected + 1) + "}")),
                null,
                ExecutionStatus.RUNNING,
                -1);
    }

    private Process probe(String id, long expected, boolean hold) throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new java.util.ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CheckpointLockProbe.class.getName(),
                root.toString(),
                id,
                Long.toString(expected)));
        if (hold) {
            cmd.add("hold");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return out.readLine();
    }

    private String probeOnce(String id, long expected) throws Exception {
        Process p = probe(id, expected, false);
        String line = firstLine(p);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return line;
    }

    @Test
    void aSecondInstanceIsRefusedWhileTheFirstGoesOnWriting() {
        FileCheckpointer first = new FileCheckpointer(root, false);
        FileCheckpointer second = new FileCheckpointer(root, false);
        first.commit("x", commit(0));
        assertThatThrownBy(() -> second.commit("x", commit(1)))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessage("execution x: another owner is writing it");
        assertThat(first.commit("x", commit(1)).seq()).isEqualTo(2);
        first.release("x");
        assertThat(second.commit("x", commit(2)).seq()).isEqualTo(3);
        second.release("x");
    }

    /** POSIX locks belong to the process: a refused instance must not open and close the file that holds them. */
    @Test
    void anotherProcessStaysLockedOutAfterAnInstanceOfThisOneWasRefused() throws Exception {
        FileCheckpointer first = new FileCheckpointer(root, false);
        first.commit("x", commit(0));
        FileCheckpointer second = new FileCheckpointer(root, false);
        assertThatThrownBy(() -> second.commit("x", commit(1))).isInstanceOf(CheckpointConflictException.class);
        second.commit("y", commit(0));
        second.close(); // closing another instance keeps the locks the first one holds
        assertThat(probeOnce("x", 1)).isEqualTo("conflict");
        first.release("x");
        assertThat(probeOnce("x", 1)).isEqualTo("committed 2");
        assertThat(first.load("x").orElseThrow().events())
                .extracting(Entry::json)
                .containsExactly("{\"n\":1}", "{\"by\":\"probe\"}");
    }

    @Test
    void aKilledOwnerLosesNothingItCommittedAndLocksNothingAnyMore() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        files.commit("k", commit(0));
        files.release("k");
        Process owner = probe("k", 1, true);
        try {
            assertThat(firstLine(owner)).isEqualTo("committed 2");
            assertThatThrownBy(() -> files.commit("k", commit(2))).isInstanceOf(CheckpointConflictException.class);
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(files.load("k").orElseThrow().version().seq()).isEqualTo(2);
        assertThat(files.commit("k", commit(2)).seq()).isEqualTo(3);
        files.release("k");
    }
}
