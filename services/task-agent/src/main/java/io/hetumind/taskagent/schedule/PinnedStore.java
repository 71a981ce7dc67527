package io.hetumind.taskagent.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The agent's pinned schedules on disk, {@code data-dir/schedules.json}: the last {@code schedule_sync} it stored (its
 * version and set) and, per schedule, the last fire time it started, so a restart without the server goes on firing
 * and neither repeats a fire nor forgets which ones it missed. Every write goes to a temporary file that is forced to
 * disk and then renamed over the old one (and the directory forced), so a crash leaves the old state or the new one,
 * never a torn file.
 */
public final class PinnedStore {
    /** What is stored: the synced set and the last fire per schedule (epoch ms). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(long version, List<Messages.PinnedSchedule> schedules, Map<UUID, Long> lastFires) {
        static final State EMPTY = new State(-1, List.of(), Map.of());
    }

    private final Path file;

    public PinnedStore(Path dataDir) {
        this.file = dataDir.resolve("schedules.json");
    }

    public Path file() {
        return file;
    }

    /** The stored state, or an empty one (version -1) when none was stored yet. */
    public State load() throws IOException {
        if (!Files.exists(file)) {
            return State.EMPTY;
        }
        State s = Protocol.json().readValue(file.toFile(), State.class);
        return new State(
                s.version(),
                s.schedules() == null ? List.of() : s.schedules(),
                s.lastFires() == null ? Map.of() : s.lastFires());
    }

    /** Writes {@code state} durably (fsync, then an atomic rename); when this returns, a crash keeps it. */
    public void save(State state) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("schedules.json.tmp");
        byte[] bytes = Protocol.json().writeValueAsBytes(state);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // the rename itself is durable once the directory is
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot open a directory for reading; the rename is still atomic there
        }
    }
}
