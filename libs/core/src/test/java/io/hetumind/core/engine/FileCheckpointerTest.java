package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.Checkpointer.Checkpoint;
import io.hetumind.core.engine.Checkpointer.Commit;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.Checkpointer.Unfinished;
import io.hetumind.core.engine.Checkpointer.Version;
import io.hetumind.core.engine.internal.CheckpointLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-file log of {@link FileCheckpointer}: what a run writes, and what every crash leaves behind. */
class FileCheckpointerTest {

    @TempDir
    Path root;

    private static List<Entry> events(long from, int count) {
        List<Entry> out = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            out.add(new Entry(seq, "{\"t\":\"Test\",\"seq\":" + seq + ",\"text\":\"é 😀\"}"));
        }
        return out;
    }

    private static Commit commit(
            long expected, List<Entry> events, String snapshot, ExecutionStatus status, long wake) {
        return new Commit(new Version(expected, null), events, snapshot, status, wake);
    }

    @Test
    void aShortRunWritesOneFileEndingWithItsSnapshotAndStatus() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(files)
                .build();
        ExecutionResult r = engine.run(
                engine.prepare(ControlTest.chain("test.tag", "{}")),
                RunRequest.defaults().withExecutionId("short").withDurability(Durability.PER_NODE));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "short.log");
        }
        List<String> lines = Files.readAllLines(files.log("short"));
        assertThat(lines.get(0)).startsWith("1\t{\"t\":\"Started\"");
        assertThat(lines.get(lines.size() - 3)).startsWith("S" + r.state().seq() + " ");
        assertThat(lines.getLast()).isEqualTo("#SUCCESS -1");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("#"))
                .hasSizeGreaterThan(1)
                .allMatch(l -> l.endsWith(" -1"));
        assertThat(files.unfinished()).isEmpty();
        Checkpoint cp = files.load("short").orElseThrow();
        assertThat(cp.snapshotSeq()).isEqualTo(r.state().seq());
        assertThat(cp.events()).isEmpty();
    }

    /** One record of the log: where it ends, and what a file ending there holds. */
    private record Rec(int end, Entry event, long snapshotSeq, String snapshot, CheckpointLog.Status status) {}

    /**
     * The log of an execution that runs, parks until a time, is resumed, snapshots and finishes, cut at every byte as a
     * killed process may leave it: each cut loads as the records complete in it, lists the status a sweep must see, and
     * takes the next write after its torn tail (longer than that write inside the snapshot) is cut.
     */
    @Test
    void everyCutOfALogLoadsWhatWasCompleteAndTakesTheNextWrite() throws Exception {
        List<Commit> history = List.of(
                commit(0, events(1, 2), null, ExecutionStatus.RUNNING, -1),
                commit(2, events(3, 1), "{\"s\":3,\"t\":\"é " + "x".repeat(100) + "\"}", ExecutionStatus.WAITING, 777),
                commit(3, events(4, 2), null, ExecutionStatus.RUNNING, -1),
                commit(5, events(6, 1), "{\"s\":6}", ExecutionStatus.SUCCESS, -1));
        FileCheckpointer writer = new FileCheckpointer(root.resolve("whole"), false);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Rec> records = new ArrayList<>();
        for (Commit c : history) {
            writer.commit("e", c);
            for (Entry e : c.events()) {
                expected.writeBytes(CheckpointLog.commit(List.of(e), e.seq(), null, null));
                records.add(new Rec(expected.size(), e, -1, null, null));
            }
            if (c.snapshotJson() != null) {
                expected.writeBytes(CheckpointLog.commit(List.of(), c.lastSeq(), c.snapshotJson(), null));
                records.add(new Rec(expected.size(), null, c.lastSeq(), c.snapshotJson(), null));
            }
            CheckpointLog.Status status = new CheckpointLog.Status(c.status(), c.wakeAt());
            expected.writeBytes(CheckpointLog.commit(List.of(), 0, null, status));
            records.add(new Rec(expected.size(), null, -1, null, status));
        }
        writer.release("e");
        byte[] log = Files.readAllBytes(writer.log("e"));
        assertThat(log).isEqualTo(expected.toByteArray());

        FileCheckpointer cuts = new FileCheckpointer(root.resolve("cuts"), false);
        Files.createDirectories(cuts.root());
        Set<Unfinished> listed = new HashSet<>();
        for (int cut = 0; cut <= log.length; cut++) {
            Files.write(cuts.log("c" + cut), Arrays.copyOf(log, cut));
            List<Rec> complete = complete(records, cut);
            if (complete.stream().anyMatch(r -> r.status() == null)) {
                CheckpointLog.Status last = complete.getLast().status();
                CheckpointLog.Status status = last != null ? last : CheckpointLog.Status.RUNNING;
                if (!status.status().terminal()) {
                    listed.add(new Unfinished("c" + cut, status.status(), status.wakeAt()));
                }
            }
        }
        assertThat(new HashSet<>(cuts.unfinished())).isEqualTo(listed);

        for (int cut = 0; cut <= log.length; cut++) {
            String id = "c" + cut;
            List<Rec> complete = complete(records, cut);
            Optional<Checkpoint> loaded = cuts.load(id);
            Rec snapshot = complete.stream()
                    .filter(r -> r.snapshot() != null)
                    .reduce((a, b) -> b)
                    .orElse(null);
            long from = snapshot == null ? 0 : snapshot.snapshotSeq();
            List<Entry> after = complete.stream()
                    .filter(r -> r.event() != null && r.event().seq() > from)
                    .map(Rec::event)
                    .toList();
            long head = after.isEmpty() ? from : after.getLast().seq();
            if (snapshot == null && after.isEmpty()) {
                assertThat(loaded).as("cut at %d", cut).isEmpty();
            } else {
                Checkpoint cp = loaded.orElseThrow();
                assertThat(cp.snapshotJson())
                        .as("cut at %d", cut)
                        .isEqualTo(snapshot == null ? null : snapshot.snapshot());
                assertThat(cp.snapshotSeq()).isEqualTo(from);
                assertThat(cp.events()).as("cut at %d", cut).isEqualTo(after);
                assertThat(cp.version().seq()).isEqualTo(head);
            }
            Version next = cuts.commit(id, commit(head, events(head + 1, 1), null, ExecutionStatus.RUNNING, -1));
            cuts.release(id);
            int kept = complete.isEmpty() ? 0 : complete.getLast().end();
            byte[] now = Files.readAllBytes(cuts.log(id));
            assertThat(Arrays.copyOf(now, kept)).as("cut at %d", cut).isEqualTo(Arrays.copyOf(log, kept));
            assertThat(new String(now, kept, now.length - kept, StandardCharsets.UTF_8))
                    .as("the torn tail of the cut at %d is gone", cut)
                    .isEqualTo(
                            (head + 1) + "\t" + events(head + 1, 1).getFirst().json() + "\n#RUNNING -1\n");
            assertThat(cuts.load(id).orElseThrow().version()).isEqualTo(next);
        }
    }

    private static List<Rec> complete(List<Rec> records, int cut) {
        return records.stream().filter(r -> r.end() <= cut).toList();
    }

    @Test
    void aLogWithoutAStatusLineIsRunning() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        Files.writeString(files.log("fresh"), "1\t{\"t\":\"Started\"}\n");
        Files.writeString(files.log("empty"), "");
        assertThat(files.unfinished()).containsExactly(new Unfinished("fresh", ExecutionStatus.RUNNING, -1));
        assertThat(files.load("fresh").orElseThrow().events()).hasSize(1);
        assertThat(files.load("empty")).isEmpty();
        assertThat(files.commit("empty", commit(0, events(1, 1), null, ExecutionStatus.RUNNING, -1))
                        .seq())
                .isEqualTo(1);
    }

    @Test
    void aStatusLineCutShortLeavesTheExecutionRunning() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        files.commit("w", commit(0, events(1, 2), null, ExecutionStatus.WAITING, 99));
        files.release("w");
        assertThat(files.unfinished()).containsExactly(new Unfinished("w", ExecutionStatus.WAITING, 99));
        // a resumed run committed its first events and was killed while writing the status after them
        Files.writeString(files.log("w"), "3\t{}\n#RUNN", StandardOpenOption.APPEND);
        assertThat(files.unfinished()).containsExactly(new Unfinished("w", ExecutionStatus.RUNNING, -1));
        assertThat(files.load("w").orElseThrow().version().seq()).isEqualTo(3);
    }

    @Test
    void aLongLogIsReplacedByTheSnapshotThatCoversIt() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        String padding = "x".repeat(1000);
        Version v = Version.NONE;
        while (Files.notExists(files.log("long")) || Files.size(files.log("long")) < FileCheckpointer.COMPACT_AT) {
            v = files.commit(
                    "long",
                    new Commit(
                            v,
                            List.of(new Entry(v.seq() + 1, "{\"pad\":\"" + padding + "\"}")),
                            null,
                            ExecutionStatus.RUNNING,
                            -1));
        }
        long head = v.seq();
        v = files.commit("long", commit(head, events(head + 1, 1), "{\"all\":true}", ExecutionStatus.WAITING, 5));
        assertThat(Files.size(files.log("long"))).isLessThan(100);
        assertThat(files.unfinished()).containsExactly(new Unfinished("long", ExecutionStatus.WAITING, 5));
        assertThatThrownBy(() -> new FileCheckpointer(root, false)
                        .commit("long", commit(0, List.of(), null, ExecutionStatus.RUNNING, -1)))
                .isInstanceOf(CheckpointConflictException.class);
        v = files.commit("long", commit(v.seq(), events(v.seq() + 1, 2), null, ExecutionStatus.RUNNING, -1));
        files.release("long");
        Checkpoint cp = files.load("long").orElseThrow();
        assertThat(cp.snapshotJson()).isEqualTo("{\"all\":true}");
        assertThat(cp.snapshotSeq()).isEqualTo(head + 1);
        assertThat(cp.events()).extracting(Entry::seq).containsExactly(head + 2, head + 3);
        assertThat(cp.version()).isEqualTo(v);
    }

    @Test
    void aReplacementCutShortBeforeItsRenameChangesNothing() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        files.commit("r", commit(0, events(1, 2), null, ExecutionStatus.RUNNING, -1));
        files.release("r");
        Path tmp = root.resolve("r.log.tmp");
        Files.writeString(tmp, "S9 3\n{\"");
        assertThat(files.load("r").orElseThrow().events()).hasSize(2);
        assertThat(files.unfinished()).containsExactly(new Unfinished("r", ExecutionStatus.RUNNING, -1));
        files.delete("r");
        assertThat(tmp).doesNotExist();
        assertThat(files.log("r")).doesNotExist();
    }

    @Test
    void unfinishedListsOnlyCheckpoints() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        files.commit("real", commit(0, events(1, 1), null, ExecutionStatus.RUNNING, -1));
        files.release("real");
        Files.createDirectories(root.resolve("binary"));
        Files.createDirectories(files.dir("cli-run"));
        Files.writeString(files.dir("cli-run").resolve("workflow.json"), "{}");
        Files.writeString(root.resolve("notes.txt"), "1\tnot a log\n");
        Files.writeString(root.resolve(".hidden.log"), "1\t{}\n");
        Files.writeString(root.resolve("bad id.log"), "1\t{}\n");
        assertThat(files.unfinished()).containsExactly(new Unfinished("real", ExecutionStatus.RUNNING, -1));
    }

    @Test
    void aCorruptLogIsNamedWhenLoadedAndStillListed() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        Files.writeString(files.log("gap"), "1\t{}\n3\t{}\n");
        Files.writeString(files.log("bad-status"), "1\t{}\n#DONE x\n");
        assertThatThrownBy(() -> files.load("gap"))
                .isInstanceOf(CheckpointCorruptException.class)
                .hasMessage("checkpoint of execution gap is corrupt: the log jumps from seq 1 to 3");
        assertThatThrownBy(() -> files.load("bad-status"))
                .isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining("the status line at byte 5 cannot be read");
        assertThat(files.unfinished())
                .containsExactlyInAnyOrder(
                        new Unfinished("gap", ExecutionStatus.RUNNING, -1),
                        new Unfinished("bad-status", ExecutionStatus.RUNNING, -1));
    }

    @Test
    void deleteRemovesTheLogAndTheFolderKeptWithIt() throws Exception {
        FileCheckpointer files = new FileCheckpointer(root, false);
        Files.createDirectories(files.dir("d"));
        Files.writeString(files.dir("d").resolve("workflow.json"), "{}");
        files.commit("d", commit(0, events(1, 1), "{}", ExecutionStatus.SUCCESS, -1));
        files.delete("d");
        assertThat(files.log("d")).doesNotExist();
        assertThat(files.dir("d")).doesNotExist();
        assertThat(files.load("d")).isEmpty();
    }

    @Test
    void idsThatAreNotPlainNamesAreRefused() {
        FileCheckpointer files = new FileCheckpointer(root, false);
        for (String bad : List.of("../up", "a/b", ".lock", "", "x".repeat(129), "a b")) {
            assertThatThrownBy(() -> files.log(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> files.load(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> files.commit(bad, commit(0, events(1, 1), null, ExecutionStatus.RUNNING, -1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> files.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
