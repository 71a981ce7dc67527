package io.hetumind.core.engine.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The OS locks of a {@link FileCheckpointer} root: one file, {@code .lock}, in which each execution owns one byte at a
 * hash of its id. The OS drops a killed process's locks, so a crash never leaves an execution locked.
 *
 * <p>The JVM locks files with POSIX record locks, which a process loses on a file when it closes <em>any</em> channel
 * on it. So nothing but this class opens the lock file, and the JVM keeps one channel per lock file (by file key)
 * shared by every checkpointer on that root. Two executions whose ids hash alike (one chance in 2<sup>63</sup> per
 * pair) cannot be written at the same time: the second gets a conflict, never an interleaving.
 */
public final class RootLock {

    static final String FILE = ".lock";

    private static final Map<Object, RootLock> OPEN = new HashMap<>();

    private final Object key;
    private final FileChannel channel;
    private int users;

    private RootLock(Object key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** The lock file of {@code root} (created with it), shared until every user has called {@link #close}. */
    public static RootLock open(Path root) throws IOException {
        synchronized (OPEN) {
            Files.createDirectories(root);
            Path file = root.resolve(FILE);
            try {
                Files.createFile(file); // never opens an existing lock file
            } catch (FileAlreadyExistsException ignored) {
                // the usual case
            }
            Object fileKey =
                    Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            Object key = fileKey != null ? fileKey : file.toRealPath();
            RootLock lock = OPEN.get(key);
            if (lock == null) {
                lock = new RootLock(key, FileChannel.open(file, StandardOpenOption.WRITE));
                OPEN.put(key, lock);
            }
            lock.users++;
            return lock;
        }
    }

    /** The execution's lock, or null when another process or another owner in this one holds it. */
    public FileLock tryLock(String executionId) throws IOException {
        try {
            return channel.tryLock(position(executionId), 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** This user is done; the last one closes the file, once it holds no lock any more. */
    public void close() throws IOException {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(key);
                channel.close();
            }
        }
    }

    /** A 63-bit hash of the id (FNV-1a, then MurmurHash3's finaliser), below {@code Long.MAX_VALUE}. */
    static long position(String executionId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < executionId.length(); i++) {
            h = (h ^ executionId.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return Math.min(h & Long.MAX_VALUE, Long.MAX_VALUE - 1);
    }
}
