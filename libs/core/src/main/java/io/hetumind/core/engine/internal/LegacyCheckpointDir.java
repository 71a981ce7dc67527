package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.internal.CheckpointLog.Content;
import io.hetumind.core.engine.internal.CheckpointLog.Status;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the folder layout {@link FileCheckpointer} wrote before its one-file log: {@code journal.jsonl} (one {@code
 * seq<TAB>event} line per event), {@code snapshot.json} (its seq on the first line), {@code status} ({@code STATUS
 * wakeAt}) and {@code lock}. Executions upgraded with such folders still load, and the first commit moves them to a
 * log.
 */
public final class LegacyCheckpointDir {

    static final String JOURNAL = "journal.jsonl";
    private static final List<String> FILES =
            List.of(JOURNAL, "snapshot.json", "snapshot.json.tmp", "status", "status.tmp");

    private LegacyCheckpointDir() {}

    /** Whether {@code dir} holds a checkpoint in this layout (its writer created the journal first). */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(JOURNAL));
    }

    /** The folder's checkpoint, or null when it holds none. */
    public static Content read(String executionId, Path dir) throws IOException {
        byte[] journal;
        try {
            journal = Files.readAllBytes(dir.resolve(JOURNAL));
        } catch (NoSuchFileException e) {
            return null;
        }
        String snapshot = null;
        long snapshotSeq = 0;
        Path snap = dir.resolve("snapshot.json");
        if (Files.exists(snap)) {
            String text = Files.readString(snap, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            try {
                snapshotSeq = Long.parseLong(text.substring(0, Math.max(nl, 0)));
            } catch (NumberFormatException e) {
                throw new CheckpointCorruptException(executionId, "snapshot.json has no sequence header", e);
            }
            snapshot = text.substring(nl + 1);
        }
        List<Entry> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < journal.length; i++) {
            if (journal[i] != '\n') {
                continue;
            }
            String line = new String(journal, start, i - start, StandardCharsets.UTF_8);
            int tab = line.indexOf('\t');
            long seq;
            try {
                seq = Long.parseLong(line.substring(0, Math.max(tab, 0)));
            } catch (NumberFormatException e) {
                throw new CheckpointCorruptException(
                        executionId, "journal line at byte " + start + " has no sequence number", e);
            }
            if (seq > snapshotSeq) {
                long expected =
                        events.isEmpty() ? snapshotSeq + 1 : events.getLast().seq() + 1;
                if (seq != expected) {
                    throw new CheckpointCorruptException(
                            executionId, "journal jumps from seq " + (expected - 1) + " to " + seq, null);
                }
                events.add(new Entry(seq, line.substring(tab + 1)));
            }
            start = i + 1;
        }
        // bytes after the last newline are a torn write from a killed process: not an event
        long head = events.isEmpty() ? snapshotSeq : events.getLast().seq();
        Status status = statusFile(executionId, dir);
        if (status == null && (snapshot != null || !events.isEmpty())) {
            status = Status.RUNNING; // killed between its first journal write and its first status file
        }
        return new Content(snapshot != null, snapshot, snapshotSeq, events, head, start, status);
    }

    /**
     * The folder's status without reading its checkpoint: its status file, else {@code RUNNING} when it holds a
     * snapshot or a complete journal line, else null.
     */
    public static Status status(String executionId, Path dir) throws IOException {
        Status status = statusFile(executionId, dir);
        if (status != null || !exists(dir)) {
            return status;
        }
        if (Files.exists(dir.resolve("snapshot.json"))) {
            return Status.RUNNING;
        }
        for (byte b : Files.readAllBytes(dir.resolve(JOURNAL))) {
            if (b == '\n') {
                return Status.RUNNING;
            }
        }
        return null;
    }

    /** Writes the bytes of a whole log in place, atomically; returns a channel on it. */
    public interface LogWriter {
        FileChannel write(byte[] log) throws IOException;
    }

    /** A folder moved to a log: the channel on it, its last seq and its length. */
    public record Moved(FileChannel log, long head, long length) {}

    /**
     * Moves the folder's checkpoint to a log, which {@code writer} writes whole under another name and renames, so a
     * crash leaves either the folder or the complete log (that wins). The folder's own lock is taken for the move: a
     * process of the earlier version still writing it is a conflict.
     */
    public static Moved moveToLog(String executionId, Path dir, LogWriter writer) throws IOException {
        try (FileChannel lock =
                FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held;
            try {
                held = lock.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                throw new CheckpointConflictException(executionId, "an earlier version of Hetumind is writing it");
            }
            Content content = read(executionId, dir);
            byte[] bytes = content == null ? new byte[0] : CheckpointLog.of(content);
            FileChannel log = writer.write(bytes);
            remove(dir);
            return new Moved(log, content == null ? 0 : content.head(), bytes.length);
        }
    }

    /** Removes the layout's files, and the folder unless it holds more (the CLI's workflow.json). */
    public static void remove(Path dir) throws IOException {
        for (String name : FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        Files.deleteIfExists(dir.resolve("lock")); // last: it fenced writers of the version that wrote this layout
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException kept) {
            // files that go with the execution stay in its folder
        }
    }

    private static Status statusFile(String executionId, Path dir) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve("status")).trim();
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] parts = text.split(" ");
        try {
            return new Status(ExecutionStatus.valueOf(parts[0]), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new CheckpointCorruptException(executionId, "its status file cannot be read", e);
        }
    }
}
