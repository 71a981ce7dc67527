package io.hetumind.core.engine;

import io.hetumind.core.engine.internal.CheckpointLog;
import io.hetumind.core.engine.internal.CheckpointLog.Content;
import io.hetumind.core.engine.internal.CheckpointLog.Status;
import io.hetumind.core.engine.internal.LegacyCheckpointDir;
import io.hetumind.core.engine.internal.RootLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints in a directory, one file per execution: {@code <id>.log} holds its commits one after another, each its
 * events, its snapshot if any, and the status it left the execution in ({@link CheckpointLog} has the format). A short
 * run creates that one file and appends to it, nothing else. A snapshot is appended too until the file passes {@link
 * #COMPACT_AT}; then the file is replaced, atomically, by that snapshot alone.
 *
 * <p>The process that writes an execution holds an OS lock on it ({@link RootLock}) until {@link #release}, so another
 * process (or another instance in this one) gets a {@link CheckpointConflictException} instead of interleaving its
 * writes. A torn last record from a killed process is never returned and is cut off before the next write. With
 * {@code fsync} every commit is forced to disk (survives an OS crash); without it, a killed process still loses nothing
 * it committed. Folders written by earlier versions ({@link LegacyCheckpointDir}) load as they are and become a log at
 * their next commit.
 */
public final class FileCheckpointer implements Checkpointer {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String LOG = ".log";

    /** A snapshot is appended to a log shorter than this; a longer log is rewritten as the snapshot alone. */
    static final long COMPACT_AT = 1 << 20;

    private final Path root;
    private final boolean fsync;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private RootLock locks;

    /** This process's write ownership of one execution. */
    private static final class Owner {
        final FileLock lock;
        FileChannel log;
        long head;
        long length;
        /** The log was created by this owner and its name is not forced to disk yet. */
        boolean newName;

        Owner(FileLock lock, FileChannel log, long head, long length, boolean newName) {
            this.lock = lock;
            this.log = log;
            this.head = head;
            this.length = length;
            this.newName = newName;
        }

        void close() {
            FileChannel open = log;
            try (open) {
                lock.release();
            } catch (IOException ignored) {
                // closing a file we only wrote through cannot lose committed data
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

    /**
     * The folder kept with one execution, for files that go with it (the CLI saves its workflow there) and for
     * checkpoints written before the one-file log; {@link #delete} removes it.
     */
    public Path dir(String executionId) {
        return root.resolve(checked(executionId));
    }

    /** The file holding one execution's checkpoint. */
    public Path log(String executionId) {
        return root.resolve(checked(executionId) + LOG);
    }

    private static String checked(String executionId) {
        if (!SAFE_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("invalid execution id '" + executionId + "'");
        }
        return executionId;
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        try {
            Content content = read(executionId);
            if (content == null && LegacyCheckpointDir.exists(dir(executionId))) {
                content = LegacyCheckpointDir.read(executionId, dir(executionId));
                if (content == null) {
                    content = read(executionId); // moved to a log while we looked
                }
            }
            if (content == null || content.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(
                    content.snapshot(), content.snapshotSeq(), content.events(), new Version(content.head(), null)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint of execution " + executionId, e);
        }
    }

    private Content read(String executionId) throws IOException {
        try {
            return CheckpointLog.read(executionId, Files.readAllBytes(log(executionId)), true);
        } catch (NoSuchFileException e) {
            return null;
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
        Status status = new Status(commit.status(), commit.wakeAt());
        if (commit.snapshotJson() != null && owner.length >= COMPACT_AT) {
            // the snapshot covers everything the log holds: it alone replaces the log
            byte[] bytes = CheckpointLog.commit(List.of(), commit.lastSeq(), commit.snapshotJson(), status);
            FileChannel log = replace(log(executionId), bytes);
            owner.log.close();
            owner.log = log;
            owner.length = bytes.length;
            owner.head = commit.lastSeq();
            return;
        }
        ByteBuffer bytes =
                ByteBuffer.wrap(CheckpointLog.commit(commit.events(), commit.lastSeq(), commit.snapshotJson(), status));
        int size = bytes.remaining();
        while (bytes.hasRemaining()) {
            owner.log.write(bytes, owner.length + size - bytes.remaining());
        }
        if (fsync) {
            owner.log.force(false);
            if (owner.newName) {
                forceRoot();
                owner.newName = false;
            }
        }
        owner.length += size;
        owner.head = commit.lastSeq();
    }

    /** Writes {@code bytes} as the whole of {@code target}, atomically, and returns a channel on it. */
    private FileChannel replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        FileChannel ch = FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf, buf.position());
            }
            if (fsync) {
                ch.force(false);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (fsync) {
                forceRoot();
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Makes a new or renamed name in the root durable (where the platform lets a directory be opened). */
    private void forceRoot() {
        try (FileChannel dir = FileChannel.open(root, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Windows cannot open a directory: the name is as durable as the platform makes it
        }
    }

    private synchronized RootLock locks() throws IOException {
        if (locks == null) {
            locks = RootLock.open(root);
        }
        return locks;
    }

    /**
     * Takes the OS lock, then finds where the execution stands: nothing to read for a new one (its log did not exist),
     * else its log is read and a torn tail cut, or a folder of the earlier layout is moved to a log.
     */
    private Owner acquire(String executionId) {
        checked(executionId);
        FileLock lock;
        try {
            lock = locks().tryLock(executionId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock execution " + executionId, e);
        }
        if (lock == null) {
            throw new CheckpointConflictException(executionId, "another owner is writing it");
        }
        try {
            Path log = log(executionId);
            Path dir = dir(executionId);
            if (LegacyCheckpointDir.exists(dir)) {
                if (!Files.exists(log)) {
                    LegacyCheckpointDir.Moved moved =
                            LegacyCheckpointDir.moveToLog(executionId, dir, bytes -> replace(log, bytes));
                    return new Owner(lock, moved.log(), moved.head(), moved.length(), false);
                }
                LegacyCheckpointDir.remove(dir); // a move to the log that was cut short after the log was in place
            }
            try {
                FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new Owner(lock, ch, 0, 0, true);
            } catch (FileAlreadyExistsException e) {
                FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    Content content = CheckpointLog.read(executionId, CheckpointLog.readAll(ch), false);
                    if (ch.size() > content.length()) {
                        ch.truncate(content.length()); // a torn record from a killed process
                    }
                    return new Owner(lock, ch, content.head(), content.length(), false);
                } catch (IOException | RuntimeException failed) {
                    ch.close();
                    throw failed;
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // already failing
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open checkpoint of execution " + executionId, io);
            }
            throw (RuntimeException) e;
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
        Path log = log(executionId);
        Path dir = dir(executionId);
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".tmp"));
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
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
        Set<String> logged = new HashSet<>();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class);
                    String id = name.endsWith(LOG) ? name.substring(0, name.length() - LOG.length()) : null;
                    if (attrs.isRegularFile()
                            && id != null
                            && SAFE_ID.matcher(id).matches()) {
                        logged.add(id);
                        add(out, id, CheckpointLog.status(id, entry));
                    } else if (attrs.isDirectory() && SAFE_ID.matcher(name).matches()) {
                        folders.add(entry);
                    }
                } catch (NoSuchFileException deleted) {
                    // deleted while we listed
                }
            }
            for (Path folder : folders) {
                String id = folder.getFileName().toString();
                try {
                    if (!logged.contains(id)) {
                        add(out, id, LegacyCheckpointDir.status(id, folder));
                    }
                } catch (NoSuchFileException moved) {
                    // moved to a log or deleted while we listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + root, e);
        }
        return out;
    }

    private static void add(List<Unfinished> out, String id, Status status) {
        if (status != null && !status.status().terminal()) {
            out.add(new Unfinished(id, status.status(), status.wakeAt()));
        }
    }

    /** Closes open logs and this instance's use of the root's lock file (the files stay). */
    public void close() {
        for (String id : List.copyOf(owners.keySet())) {
            release(id);
        }
        synchronized (this) {
            if (locks != null) {
                try {
                    locks.close();
                } catch (IOException ignored) {
                    // nothing was locked through it any more
                }
                locks = null;
            }
        }
    }
}
