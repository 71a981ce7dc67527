package io.hetumind.nodes.files;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.TestListenHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Local File Trigger watching a real folder, with inotify and with polling, as chokidar 4 reports it. */
class LocalFileTriggerNodeTest {

    @TempDir
    Path tmp;

    private Path base;
    private Path watched;
    private TestListenHost host;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createDirectories(tmp.resolve("files")).toRealPath();
        watched = Files.createDirectories(base.resolve("in"));
        host = new TestListenHost();
        host.services.put(FilesDir.class, new FilesDir(base));
    }

    private static TriggerParams params(String json) {
        return new TriggerParams(Node.of("Watch", LocalFileTriggerNode.TYPE, 1, json(json)));
    }

    private AutoCloseable listen(String json) throws Exception {
        return new LocalFileTriggerNode().listen(params(json), host);
    }

    /** The next event as "event path-relative-to-base", or null after {@code ms}. */
    private String next(long ms) throws InterruptedException {
        List<Item> items = host.emitted.poll(ms, TimeUnit.MILLISECONDS);
        if (items == null) {
            return null;
        }
        assertThat(items).hasSize(1);
        ObjectNode json = items.getFirst().json();
        assertThat(json.fieldNames()).toIterable().containsExactly("event", "path");
        return json.get("event").asText() + " "
                + base.relativize(Path.of(json.get("path").asText()));
    }

    /**
     * Writes {@code content} to {@code file} in one step (written beside, then moved into place), as a well-behaved
     * writer does: a file written in place may be seen half-written, which is one change more.
     */
    private void put(Path file, String content) throws Exception {
        Path staged = Files.writeString(Files.createTempFile(tmp, "staged", ".tmp"), content);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The next {@code count} events (each waited for up to 5 s), then none more for 300 ms. */
    private List<String> take(int count) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String e = next(5_000);
            if (e == null) {
                break;
            }
            out.add(e);
        }
        out.addAll(drain(300));
        return out;
    }

    private List<String> drain(long quietMs) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String e = next(quietMs); e != null; e = next(quietMs)) {
            out.add(e);
        }
        return out;
    }

    private void folderEventsAsChokidarReportsThem(boolean polling) throws Exception {
        String options = polling ? "{'usePolling':true}" : "{}";
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add','change','unlink','addDir',"
                + "'unlinkDir'],'options':" + options + "}")) {
            put(watched.resolve("a.txt"), "1");
            assertThat(next(5_000)).isEqualTo("add in/a.txt");
            Thread.sleep(60); // past the 50 ms change throttle, and a later modification time
            put(watched.resolve("a.txt"), "22");
            assertThat(next(5_000)).isEqualTo("change in/a.txt");
            Path sub = Files.createDirectories(watched.resolve("sub/deeper"));
            put(sub.resolve("b.txt"), "b");
            assertThat(take(3))
                    .containsExactlyInAnyOrder("addDir in/sub", "addDir in/sub/deeper", "add in/sub/deeper/b.txt");
            Files.delete(sub.resolve("b.txt"));
            Files.delete(sub);
            Files.delete(watched.resolve("sub"));
            Files.delete(watched.resolve("a.txt"));
            assertThat(take(4))
                    .containsExactlyInAnyOrder(
                            "unlink in/sub/deeper/b.txt",
                            "unlinkDir in/sub/deeper",
                            "unlinkDir in/sub",
                            "unlink in/a.txt");
        }
        Files.writeString(watched.resolve("after-close.txt"), "x");
        assertThat(next(400)).as("nothing after close").isNull();
        assertThat(host.broken).isEmpty();
    }

    @Test
    void aFolderReportsAddsChangesAndRemovalsWithInotify() throws Exception {
        folderEventsAsChokidarReportsThem(false);
    }

    @Test
    void aFolderReportsAddsChangesAndRemovalsWithPolling() throws Exception {
        folderEventsAsChokidarReportsThem(true);
    }

    @Test
    void onlyThePickedEventsExistingEntriesWhenAskedAndTheDepthLimit() throws Exception {
        Files.createDirectories(watched.resolve("old/older"));
        Files.writeString(watched.resolve("old/older/x.txt"), "x");
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'" + watched + "','events':['add','addDir'],"
                + "'options':{'ignoreInitial':false,'depth':1}}")) {
            // depth 1: the folder's entries and one level down; older/ is seen but not entered
            assertThat(take(3)).containsExactlyInAnyOrder("addDir in", "addDir in/old", "addDir in/old/older");
            Files.writeString(watched.resolve("old/older/y.txt"), "y");
            Files.writeString(watched.resolve("old/z.txt"), "z");
            assertThat(take(1)).containsExactly("add in/old/z.txt");
            Files.delete(watched.resolve("old/z.txt"));
            assertThat(drain(400)).as("unlink is not listened to").isEmpty();
        }
    }

    @Test
    void ignoredPathsAsN8nPassesThemToChokidar4() throws Exception {
        // Contain: any path with the text
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add'],"
                + "'options':{'ignored':'skip','ignoreMode':'contain'}}")) {
            Files.writeString(watched.resolve("skip-me.txt"), "x");
            Files.createDirectories(watched.resolve("skipped"));
            Files.writeString(watched.resolve("skipped/inner.txt"), "x");
            Files.writeString(watched.resolve("keep.txt"), "x");
            assertThat(take(1)).containsExactly("add in/keep.txt");
        }
        // Match: the one path it names (no globs in chokidar 4), relative to the files directory
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add'],"
                + "'options':{'ignored':'in/exact.txt','ignoreMode':'match'}}")) {
            Files.writeString(watched.resolve("exact.txt"), "x");
            Files.writeString(watched.resolve("exact.txt2"), "x");
            Files.writeString(watched.resolve("x.glob"), "x");
            assertThat(take(2)).containsExactlyInAnyOrder("add in/exact.txt2", "add in/x.glob");
        }
        // no mode (an export that left the default) and no text: n8n's x.includes(undefined)
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add']}")) {
            Files.writeString(watched.resolve("undefined.txt"), "x");
            Files.writeString(watched.resolve("defined.txt"), "x");
            assertThat(take(1)).containsExactly("add in/defined.txt");
        }
    }

    @Test
    void aFileReportsItsOwnChangesOnlyAndAReplacedFileIsAChange() throws Exception {
        Path file = watched.resolve("watched.txt");
        put(file, "before");
        try (AutoCloseable l = listen("{'triggerOn':'file','path':'in/watched.txt'}")) {
            put(watched.resolve("other.txt"), "x");
            assertThat(drain(300)).isEmpty();
            put(file, "changed");
            assertThat(take(1)).containsExactly("change in/watched.txt");
            // an editor's save: removed and written again at once (chokidar's atomic: a change, not unlink and add)
            Thread.sleep(60);
            Files.delete(file);
            put(file, "saved again");
            assertThat(take(1)).containsExactly("change in/watched.txt");
        }
    }

    @Test
    void awaitWriteFinishReportsAFileOnceItsSizeHeld() throws Exception {
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add','change'],"
                + "'options':{'awaitWriteFinish':true}}")) {
            Path f = watched.resolve("big.bin");
            Files.write(f, new byte[100]);
            Thread.sleep(500);
            Files.write(f, new byte[200]);
            assertThat(next(1_000)).as("still being written").isNull();
            assertThat(next(3_000)).isEqualTo("add in/big.bin");
            assertThat(next(300)).isNull();
        }
    }

    @Test
    void itStaysInTheFilesDirectoryAndObeysTheInstanceSwitch() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "s");
        assertThatThrownBy(() -> listen("{'triggerOn':'folder','path':'" + outside + "','events':['add']}"))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("reaches outside the files directory");
        assertThatThrownBy(() -> listen("{'triggerOn':'folder','path':'../outside','events':['add']}"))
                .hasMessageContaining("reaches outside the files directory");
        Files.createSymbolicLink(base.resolve("link-out"), outside);
        assertThatThrownBy(() -> listen("{'triggerOn':'folder','path':'link-out','events':['add']}"))
                .hasMessageContaining("reaches outside the files directory");
        // a link inside the watched folder that leads out is an entry, never entered
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['add','addDir'],"
                + "'options':{'ignoreInitial':false}}")) {
            assertThat(take(1)).containsExactly("addDir in");
            Files.createSymbolicLink(watched.resolve("escape"), outside);
            assertThat(take(1)).containsExactly("add in/escape");
            Files.writeString(outside.resolve("new.txt"), "n");
            assertThat(drain(300)).isEmpty();
        }
        // a link back to a watched folder is reported, not entered again (no endless tree)
        try (AutoCloseable l = listen(
                "{'triggerOn':'folder','path':'in','events':['addDir']," + "'options':{'ignoreInitial':false}}")) {
            assertThat(take(1)).containsExactly("addDir in");
            Files.createSymbolicLink(watched.resolve("loop"), watched);
            assertThat(take(1)).containsExactly("addDir in/loop");
        }
        assertThatThrownBy(() -> listen("{'triggerOn':'folder','path':'in/missing','events':['add']}"))
                .hasMessage("the folder to watch 'in/missing' does not exist");
        host.services.put(
                NodePolicy.class,
                NodePolicy.builder()
                        .allow(NodePolicy.Capability.LOCAL_FILES, false)
                        .build());
        assertThatThrownBy(() -> listen("{'triggerOn':'folder','path':'in','events':['add']}"))
                .hasMessageContaining("The Local File Trigger node is disabled on this instance");
        assertThatThrownBy(() -> new LocalFileTriggerNode().target(params("{'path':'in'}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Trigger On must be 'file' or 'folder', not ''");
        assertThatThrownBy(() -> new LocalFileTriggerNode().target(params("{'triggerOn':'file'}")))
                .hasMessageContaining("The parameter \"File to Watch\" has to be set!");
        assertThat(new LocalFileTriggerNode().target(params("{'triggerOn':'folder','path':'in'}")))
                .isEqualTo("changes in the folder in");
    }

    @Test
    void aWatchedFolderThatGoesAwayIsReportedToTheHost() throws Exception {
        Files.writeString(watched.resolve("a.txt"), "a");
        try (AutoCloseable l = listen("{'triggerOn':'folder','path':'in','events':['unlink','unlinkDir']}")) {
            Files.delete(watched.resolve("a.txt"));
            Files.delete(watched);
            assertThat(host.broken.poll(5, TimeUnit.SECONDS)).contains("stopped watching in");
            assertThat(drain(100)).containsExactly("unlink in/a.txt");
        }
    }
}
