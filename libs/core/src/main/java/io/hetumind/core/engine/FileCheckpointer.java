package io.hetumind.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checkpoints in a directory: {@code <id>/journal.jsonl} (one {@code seq<TAB>event} line per
 * event) and {@code <id>/snapshot.json} replaced atomically. A torn last journal line from a
 * killed process is ignored. With {@code fsync} every append is forced to disk (survives an
 * OS crash); without it, a killed process still loses nothing it appended.
 */
public final class FileCheckpointer implements Checkpointer {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path root;
    private final boolean fsync;
    private final Map<String, FileChannel> journals = new ConcurrentHashMap<>();

    public FileCheckpointer(Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    public Path root() {
        return root;
    }

    /** The directory of one execution (created on demand). */
    public Path dir(String executionId) {
        if (!SAFE_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("invalid execution id '" + executionId + "'");
        }
        return root.resolve(executionId);
    }

    @Override
    public void append(String executionId, long seq, String eventJson) {
        try {
            FileChannel ch = journals.computeIfAbsent(executionId, this::openJournal);
            synchronized (ch) {
                ch.write(StandardCharsets.UTF_8.encode(seq + "\t" + eventJson + "\n"));
                if (fsync) {
                    ch.force(false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal execution " + executionId, e);
        }
    }

    private FileChannel openJournal(String executionId) {
        try {
            Path dir = dir(executionId);
            Files.createDirectories(dir);
            return FileChannel.open(
                    dir.resolve("journal.jsonl"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void snapshot(String executionId, long seq, String stateJson) {
        try {
            Path dir = dir(executionId);
            Files.createDirectories(dir);
            Path tmp = dir.resolve("snapshot.json.tmp");
            Files.writeString(tmp, seq + "\n" + stateJson, StandardCharsets.UTF_8);
            if (fsync) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(
                    tmp,
                    dir.resolve("snapshot.json"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            FileChannel ch = journals.computeIfAbsent(executionId, this::openJournal);
            synchronized (ch) {
                ch.truncate(0); // every journaled event is in the snapshot now
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot execution " + executionId, e);
        }
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        Path dir = dir(executionId);
        Path snap = dir.resolve("snapshot.json");
        Path journal = dir.resolve("journal.jsonl");
        try {
            String snapshot = null;
            long after = 0;
            if (Files.exists(snap)) {
                String text = Files.readString(snap, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                after = Long.parseLong(text.substring(0, nl));
                snapshot = text.substring(nl + 1);
            }
            List<String> events = new ArrayList<>();
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab <= 0 || !line.endsWith("}")) {
                        continue; // torn write from a killed process
                    }
                    if (Long.parseLong(line.substring(0, tab)) > after) {
                        events.add(line.substring(tab + 1));
                    }
                }
            }
            if (snapshot == null && events.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(snapshot, events));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint of execution " + executionId, e);
        }
    }

    @Override
    public void release(String executionId) {
        FileChannel ch = journals.remove(executionId);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a journal we only appended to cannot lose data
            }
        }
    }

    /** Closes open journals (the files stay). */
    public void close() {
        journals.values().forEach(ch -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a journal we only appended to cannot lose data
            }
        });
        journals.clear();
    }
}
