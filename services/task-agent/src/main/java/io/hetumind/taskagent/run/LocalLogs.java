package io.hetumind.taskagent.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Local copies of instance output in {@code <dataDir>/logs/<instance>.log}: a file rolls over to {@code .1 … .N} at
 * the size limit, and only the newest {@code keep} instance logs stay on disk.
 */
public final class LocalLogs {
    private final Path dir;
    private final long maxBytes;
    private final int rollovers;
    private final int keep;

    public LocalLogs(Path dir, long maxBytes, int rollovers, int keep) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.rollovers = rollovers;
        this.keep = keep;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A writer for one instance. Old instance logs are pruned when a writer closes, not here: opening is on the path
     * from a run's start time to its process (a directory scan of {@code keep} logs cost 10-37 ms per run there).
     */
    public Writer open(UUID instance) {
        return new Writer(dir.resolve(instance + ".log"));
    }

    public Path dir() {
        return dir;
    }

    /** Keeps the newest {@code keep} instance logs (each file's time read once, not per comparison). */
    private void prune() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .map(p -> Map.entry(p, modified(p)))
                    .sorted(Map.Entry.<Path, Long>comparingByValue().reversed())
                    .map(Map.Entry::getKey)
                    .toList();
            for (Path old : logs.subList(Math.min(logs.size(), Math.max(0, keep)), logs.size())) {
                Files.deleteIfExists(old);
                for (int i = 1; i <= rollovers; i++) {
                    Files.deleteIfExists(old.resolveSibling(old.getFileName() + "." + i));
                }
            }
        } catch (IOException e) {
            // Pruning is housekeeping; a failure must not stop a run.
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends lines to one instance's log, rolling over at the size limit. */
    public final class Writer implements AutoCloseable {
        private final Path file;
        private OutputStream out;
        private long size;

        Writer(Path file) {
            this.file = file;
            openFile();
        }

        private void openFile() {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                size = Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public synchronized void line(String stream, String text) {
            byte[] b = (Instant.now() + " " + stream + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (size + b.length > maxBytes && size > 0) {
                    roll();
                }
                out.write(b);
                size += b.length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void roll() throws IOException {
            out.close();
            for (int i = rollovers; i >= 1; i--) {
                Path from = i == 1 ? file : file.resolveSibling(file.getFileName() + "." + (i - 1));
                Path to = file.resolveSibling(file.getFileName() + "." + i);
                if (Files.exists(from)) {
                    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            openFile();
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                prune();
            }
        }
    }
}
