package io.hetumind.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints in a directory, one folder per execution: {@code journal.jsonl} (one {@code
 * seq<TAB>event} line per event), {@code snapshot.json} (its seq on the first line, replaced
 * atomically), {@code status} (for {@link #unfinished}) and {@code lock}. The process that
 * writes an execution holds an OS lock on {@code lock} until {@link #release}, so another process
 * (or another instance in this one) gets a {@link CheckpointConflictException} instead of
 * interleaving its writes. A torn last journal line from a killed process is never returned and
 * is cut off before the next write. With {@code fsync} every commit is forced to disk (survives
 * an OS crash); without it, a killed process still loses nothing it committed.
 */
public final class FileCheckpointer implements Checkpointer {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path root;
    private final boolean fsync;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    /** This process's write ownership of one execution. */
    private static final class Owner {
        final FileChannel lockChannel;
        final FileLock lock;
        final FileChannel journal;
        long head;
        long length;
        String status;

        Owner(FileChannel lockChannel, FileLock lock, FileChannel journal, long head, long length, String status) {
            this.lockChannel = lockChannel;
            this.lock = lock;
            this.journal = journal;
            this.head = head;
            this.length = length;
            this.status = status;
        }

        void close() {
            try (lockChannel;
                    journal) {
                lock.release();
            } catch (IOException ignored) {
                // closing files we only wrote through cannot lose committed data
            }
        }
    }

    public FileCheckpointer(Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    public Path root() {
        return root;
    }

    /** The directory of one execution. */
    public Path dir(String executionId) {
        if (!SAFE_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("invalid execution id '" + executionId + "'");
        }
        return root.resolve(executionId);
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        Path dir = dir(executionId);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try {
            Disk disk = Disk.read(executionId, dir);
            if (disk.snapshot == null && disk.events.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Checkpoint(disk.snapshot, disk.snapshotSeq, disk.events, new Version(disk.head(), null)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint of execution " + executionId, e);
        }
    }

    @Override
    public Version commit(String executionId, Commit commit) {
        Owner owner = owners.get(executionId);
        if (owner == null) {
            owner = acquire(executionId);
            owners.put(executionId, owner);
        }
        synchronized (owner) {
            if (owner.head != commit.expected().seq()) {
                owners.remove(executionId, owner);
                owner.close();
                throw new CheckpointConflictException(
                        executionId,
                        "another owner advanced it to seq " + owner.head + " (this write was based on "
                                + commit.expected().seq() + ")");
            }
            try {
                write(executionId, owner, commit);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot checkpoint execution " + executionId, e);
            }
            return new Version(owner.head, null);
        }
    }

    private void write(String executionId, Owner owner, Commit commit) throws IOException {
        Path dir = dir(executionId);
        if (!commit.events().isEmpty()) {
            StringBuilder lines = new StringBuilder();
            for (Entry e : commit.events()) {
                lines.append(e.seq()).append('\t').append(e.json()).append('\n');
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
            int size = bytes.remaining();
            while (bytes.hasRemaining()) {
                owner.journal.write(bytes, owner.length + size - bytes.remaining());
            }
            if (fsync) {
                owner.journal.force(false);
            }
            owner.length += size;
            owner.head = commit.lastSeq();
        }
        if (commit.snapshotJson() != null) {
            Path tmp = dir.resolve("snapshot.json.tmp");
            Files.writeString(tmp, commit.lastSeq() + "\n" + commit.snapshotJson(), StandardCharsets.UTF_8);
            replace(tmp, dir.resolve("snapshot.json"));
            owner.journal.truncate(0); // every journaled event is in the snapshot now
            owner.length = 0;
        }
        String status = commit.status().name() + " " + commit.wakeAt();
        if (!status.equals(owner.status)) {
            Path tmp = dir.resolve("status.tmp");
            Files.writeString(tmp, status, StandardCharsets.UTF_8);
            replace(tmp, dir.resolve("status"));
            owner.status = status;
        }
    }

    private void replace(Path tmp, Path target) throws IOException {
        if (fsync) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Takes the OS lock, then reads where the execution stands on disk and cuts a torn tail. */
    private Owner acquire(String executionId) {
        Path dir = dir(executionId);
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new CheckpointConflictException(executionId, "another owner is writing it");
            }
            Disk disk = Disk.read(executionId, dir);
            FileChannel journal =
                    FileChannel.open(dir.resolve("journal.jsonl"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            journal.truncate(disk.journalLength);
            return new Owner(lockChannel, lock, journal, disk.head(), disk.journalLength, disk.status);
        } catch (IOException e) {
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new UncheckedIOException("cannot open checkpoint of execution " + executionId, e);
        }
    }

    @Override
    public void release(String executionId) {
        Owner owner = owners.remove(executionId);
        if (owner != null) {
            synchronized (owner) {
                owner.close();
            }
        }
    }

    @Override
    public void delete(String executionId) {
        release(executionId);
        Path dir = dir(executionId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint of execution " + executionId, e);
        }
    }

    @Override
    public List<Unfinished> unfinished() {
        List<Unfinished> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String[] status = readStatus(dir);
                if (status == null) {
                    continue;
                }
                ExecutionStatus st = ExecutionStatus.valueOf(status[0]);
                if (!st.terminal()) {
                    out.add(new Unfinished(dir.getFileName().toString(), st, Long.parseLong(status[1])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + root, e);
        }
        return out;
    }

    private static String[] readStatus(Path dir) throws IOException {
        try {
            String[] parts = Files.readString(dir.resolve("status")).trim().split(" ");
            return parts.length == 2 ? parts : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Closes open journals and locks (the files stay). */
    public void close() {
        for (String id : List.copyOf(owners.keySet())) {
            release(id);
        }
    }

    /** What one execution's folder holds, read without the lock. */
    private record Disk(String snapshot, long snapshotSeq, List<Entry> events, long journalLength, String status) {

        long head() {
            return events.isEmpty() ? snapshotSeq : events.getLast().seq();
        }

        static Disk read(String executionId, Path dir) throws IOException {
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
            long length = 0;
            Path journal = dir.resolve("journal.jsonl");
            if (Files.exists(journal)) {
                byte[] bytes = Files.readAllBytes(journal);
                int start = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    int tab = line.indexOf('\t');
                    long seq;
                    try {
                        seq = Long.parseLong(line.substring(0, Math.max(tab, 0)));
                    } catch (NumberFormatException e) {
                        throw new CheckpointCorruptException(
                                executionId, "journal line at byte " + start + " has no sequence number", e);
                    }
                    if (seq > snapshotSeq) {
                        long expected = events.isEmpty()
                                ? snapshotSeq + 1
                                : events.getLast().seq() + 1;
                        if (seq != expected) {
                            throw new CheckpointCorruptException(
                                    executionId, "journal jumps from seq " + (expected - 1) + " to " + seq, null);
                        }
                        events.add(new Entry(seq, line.substring(tab + 1)));
                    }
                    start = i + 1;
                    length = start;
                }
                // bytes after the last newline are a torn write from a killed process: not an event
            }
            String[] status = readStatus(dir);
            return new Disk(snapshot, snapshotSeq, events, length, status == null ? null : status[0] + " " + status[1]);
        }
    }
}
