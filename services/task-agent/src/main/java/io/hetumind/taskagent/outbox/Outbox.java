package io.hetumind.taskagent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The agent's on-disk outbox: every state change and log chunk is appended here before it is sent, and stays until
 * the server acknowledges it, across disconnects and restarts. Two append-only files ({@code pending.log}: {@code id
 * instance frame} lines; {@code acked.log}: ids) are compacted when most entries are acknowledged; a torn last line
 * from a crash is ignored.
 */
public final class Outbox implements AutoCloseable {
    /** One message waiting for its ack; {@code frame} is the complete envelope as sent. */
    public record Entry(UUID id, UUID instance, String frame) {}

    private final Path dir;
    private final boolean fsync;
    private final Map<UUID, Entry> pending = new LinkedHashMap<>();
    private FileChannel pendingOut;
    private FileChannel ackedOut;
    private int ackedSinceCompaction;

    private Outbox(Path dir, boolean fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    public static Outbox open(Path dir, boolean fsync) {
        try {
            Files.createDirectories(dir);
            Outbox o = new Outbox(dir, fsync);
            o.load();
            o.compact();
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox in " + dir, e);
        }
    }

    private void load() throws IOException {
        Set<UUID> acked = new HashSet<>();
        Path ackedFile = dir.resolve("acked.log");
        if (Files.exists(ackedFile)) {
            for (String line : Files.readAllLines(ackedFile, StandardCharsets.UTF_8)) {
                parseId(line.trim()).ifPresent(acked::add);
            }
        }
        Path pendingFile = dir.resolve("pending.log");
        if (Files.exists(pendingFile)) {
            for (String line : Files.readAllLines(pendingFile, StandardCharsets.UTF_8)) {
                String[] p = line.split(" ", 3);
                if (p.length == 3 && p[2].endsWith("}")) {
                    var id = parseId(p[0]);
                    var instance = parseId(p[1]);
                    if (id.isPresent() && instance.isPresent() && !acked.contains(id.get())) {
                        pending.put(id.get(), new Entry(id.get(), instance.get(), p[2]));
                    }
                }
            }
        }
    }

    private static java.util.Optional<UUID> parseId(String s) {
        try {
            return java.util.Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Stores a message before it is sent. */
    public synchronized void add(UUID id, UUID instance, String frame) {
        write(pendingOut, id + " " + instance + " " + frame + "\n");
        pending.put(id, new Entry(id, instance, frame));
    }

    /** The server acknowledged (or refused for good) {@code id}: it is never sent again. False if unknown. */
    public synchronized boolean ack(UUID id) {
        if (pending.remove(id) == null) {
            return false;
        }
        write(ackedOut, id + "\n");
        if (++ackedSinceCompaction > 1000 && ackedSinceCompaction > pending.size()) {
            try {
                compact();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /** Everything not yet acknowledged, in the order it was added. */
    public synchronized List<Entry> pending() {
        return new ArrayList<>(pending.values());
    }

    public synchronized Entry get(UUID id) {
        return pending.get(id);
    }

    /** The oldest unacknowledged message of each instance (the one to send next for it). */
    public synchronized List<Entry> heads() {
        Map<UUID, Entry> heads = new LinkedHashMap<>();
        for (Entry e : pending.values()) {
            heads.putIfAbsent(e.instance(), e);
        }
        return new ArrayList<>(heads.values());
    }

    /** Instances that still have messages to deliver. */
    public synchronized Set<UUID> instances() {
        Set<UUID> out = new HashSet<>();
        pending.values().forEach(e -> out.add(e.instance()));
        return out;
    }

    public synchronized int size() {
        return pending.size();
    }

    /** Rewrites the pending file with what is still pending, atomically, and starts an empty acked file. */
    private void compact() throws IOException {
        closeChannels();
        Path tmp = dir.resolve("pending.log.tmp");
        StringBuilder sb = new StringBuilder();
        pending.values().forEach(e -> sb.append(e.id())
                .append(' ')
                .append(e.instance())
                .append(' ')
                .append(e.frame())
                .append('\n'));
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(
                tmp, dir.resolve("pending.log"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(dir.resolve("acked.log"));
        pendingOut = FileChannel.open(
                dir.resolve("pending.log"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        ackedOut = FileChannel.open(
                dir.resolve("acked.log"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        ackedSinceCompaction = 0;
    }

    private void write(FileChannel ch, String line) {
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (fsync) {
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("outbox write failed", e);
        }
    }

    private void closeChannels() throws IOException {
        if (pendingOut != null) {
            pendingOut.close();
        }
        if (ackedOut != null) {
            ackedOut.close();
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeChannels();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
