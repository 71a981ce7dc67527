package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.Checkpointer.Checkpoint;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.Checkpointer.Unfinished;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions checkpointed by the folder layout of earlier versions ({@code journal.jsonl}, {@code snapshot.json},
 * {@code status}, {@code lock}; fixtures in {@code checkpoints/folder-layout}, written by that code) load, are listed
 * and resume after an upgrade. {@code parked} waits for the outside, {@code crashed} died while "Middle" ran (with a
 * torn journal line), {@code nostatus} was killed between its first journal write and its first status file.
 */
class FileCheckpointerFolderLayoutTest {

    @TempDir
    Path root;

    private FileCheckpointer files;
    private Engine engine;

    @BeforeEach
    void copyFixtures() throws Exception {
        Path fixtures =
                Path.of(getClass().getResource("/checkpoints/folder-layout").toURI());
        try (Stream<Path> all = Files.walk(fixtures)) {
            for (Path p : all.toList()) {
                Path to = root.resolve(fixtures.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        files = new FileCheckpointer(root, false);
        engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(files)
                .build();
        TestNodes.CALLS.clear();
    }

    @Test
    void foldersLoadAsTheyWereWrittenAndAreListed() {
        Checkpoint parked = files.load("parked").orElseThrow();
        assertThat(parked.snapshotSeq()).isEqualTo(8);
        assertThat(parked.snapshotJson()).contains("\"status\":\"WAITING\"");
        assertThat(parked.events()).isEmpty();
        Checkpoint crashed = files.load("crashed").orElseThrow();
        assertThat(crashed.snapshotSeq()).isEqualTo(3);
        assertThat(crashed.events()).extracting(Entry::seq).containsExactly(4L, 5L, 6L);
        assertThat(files.load("nostatus").orElseThrow().events()).hasSize(2);
        assertThat(files.unfinished())
                .containsExactlyInAnyOrder(
                        new Unfinished("parked", ExecutionStatus.WAITING, -1),
                        new Unfinished("crashed", ExecutionStatus.RUNNING, -1),
                        new Unfinished("nostatus", ExecutionStatus.RUNNING, -1));
    }

    @Test
    void aCrashedRunResumesWithoutRerunningFinishedNodesAndMovesToALog() {
        PreparedWorkflow wf = engine.prepare(ControlTest.chain("test.tag", "{}"));
        ExecutionResult r = engine.resume(wf, "crashed", RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Start")).isZero();
        assertThat(TestNodes.calls("First")).isZero();
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(r.lastOutput().getFirst().json().toString())
                .isEqualTo("{\"from\":\"before crash\",\"path\":[\"Middle\",\"Last\"]}");
        assertThat(files.log("crashed")).exists();
        assertThat(files.dir("crashed")).doesNotExist();
        assertThat(engine.recover(wf, "crashed").status()).isEqualTo(ExecutionStatus.SUCCESS);

        ExecutionResult fresh = engine.resume(wf, "nostatus", RunRequest.defaults());
        assertThat(fresh.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(fresh.state().runs("Last")).hasSize(1);
        assertThat(files.unfinished()).containsExactly(new Unfinished("parked", ExecutionStatus.WAITING, -1));
    }

    @Test
    void aParkedRunResumesFromOutsideAndItsFolderKeepsTheFilesThatGoWithIt() throws Exception {
        PreparedWorkflow wf = engine.prepare(ControlTest.chain("test.wait", "{\"ms\":-1}"));
        ExecutionResult r = engine.resumeWaiting(
                wf,
                "parked",
                "Middle",
                List.of(List.of(Item.of(Json.object().put("from", "outside")))),
                RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("First")).hasSize(1);
        assertThat(TestNodes.calls("First")).isZero();
        assertThat(files.dir("parked").resolve("workflow.json")).hasContent("{\"kept\":true}");
        try (Stream<Path> left = Files.list(files.dir("parked"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("workflow.json");
        }
        assertThat(files.load("parked").orElseThrow().snapshotSeq())
                .isEqualTo(r.state().seq());
    }

    /** The move writes the whole log under another name first: cut short anywhere, one copy is whole and wins. */
    @Test
    void aMoveCutShortLeavesOneWholeCheckpoint() throws Exception {
        Path dir = files.dir("crashed");
        Files.writeString(root.resolve("crashed.log.tmp"), "S3 10\n{\"v\":");
        assertThat(files.load("crashed").orElseThrow().events()).hasSize(3);

        Path saved = root.resolve("saved");
        Files.createDirectories(saved);
        for (String name : List.of("journal.jsonl", "snapshot.json", "status", "lock")) {
            Files.copy(dir.resolve(name), saved.resolve(name));
        }
        files.commit(
                "crashed",
                new Checkpointer.Commit(
                        new Checkpointer.Version(6, null),
                        List.of(new Entry(7, "{\"t\":\"Test\"}")),
                        null,
                        ExecutionStatus.RUNNING,
                        -1));
        files.release("crashed");
        assertThat(root.resolve("crashed.log.tmp")).doesNotExist();
        // killed after the log was in place, before the folder was removed: the log wins
        Files.createDirectories(dir);
        for (String name : List.of("journal.jsonl", "snapshot.json", "status", "lock")) {
            Files.copy(saved.resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("status"), "WAITING 5");
        assertThat(files.load("crashed").orElseThrow().version().seq()).isEqualTo(7);
        assertThat(files.unfinished())
                .filteredOn(u -> u.executionId().equals("crashed"))
                .containsExactly(new Unfinished("crashed", ExecutionStatus.RUNNING, -1));
        files.commit(
                "crashed",
                new Checkpointer.Commit(
                        new Checkpointer.Version(7, null),
                        List.of(new Entry(8, "{\"t\":\"Test\"}")),
                        null,
                        ExecutionStatus.RUNNING,
                        -1));
        files.release("crashed");
        assertThat(dir).doesNotExist();
        assertThat(files.load("crashed").orElseThrow().events())
                .extracting(Entry::seq)
                .containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aFolderAProcessOfTheEarlierVersionStillWritesIsAConflict() throws Exception {
        Checkpointer.Commit next = new Checkpointer.Commit(
                new Checkpointer.Version(6, null), List.of(new Entry(7, "{}")), null, ExecutionStatus.RUNNING, -1);
        try (FileChannel lock = FileChannel.open(files.dir("crashed").resolve("lock"), StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            assertThatThrownBy(() -> files.commit("crashed", next))
                    .isInstanceOf(CheckpointConflictException.class)
                    .hasMessage("execution crashed: an earlier version of Hetumind is writing it");
            assertThat(files.log("crashed")).doesNotExist();
        }
        assertThat(files.commit("crashed", next).seq()).isEqualTo(7);
        files.release("crashed");
    }
}
