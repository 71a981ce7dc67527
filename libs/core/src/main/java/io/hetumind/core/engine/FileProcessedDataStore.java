package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.ProcessedDataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link ProcessedDataStore} in files under one directory (the CLI's {@code $HETUMIND_HOME/processed-data}): one
 * JSON file per (workflow, context), named by the SHA-256 of both, written whole to a temporary file and renamed over
 * the old one, so a crash leaves the old value or the new one. An update holds the value's OS lock (a sibling
 * {@code .lock} file, so runs of several CLI processes take turns) and, in this JVM, a lock of its own: a POSIX record
 * lock belongs to the process and goes when any of its descriptors of the file closes, so only one thread of a JVM may
 * have the lock file open at a time. Nothing touches the disk until the first update.
 */
public final class FileProcessedDataStore implements ProcessedDataStore {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    public FileProcessedDataStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public <R> R update(String workflowId, String context, Function<Slot, R> change) {
        String name = name(workflowId, context);
        Path file = root.resolve(name + ".json");
        Path lockFile = root.resolve(name + ".lock");
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                JsonNode kept = Files.exists(file)
                        ? Json.parse(Files.readString(file, StandardCharsets.UTF_8))
                                .path("value")
                        : null;
                SimpleSlot slot = new SimpleSlot(kept == null || kept.isMissingNode() ? null : kept);
                R result = change.apply(slot);
                if (slot.changed()) {
                    write(file, workflowId, context, slot.value());
                }
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("processed data of workflow " + workflowId + " in " + root + ": " + e, e);
        } finally {
            inProcess.unlock();
        }
    }

    private static void write(Path file, String workflowId, String context, JsonNode value) throws IOException {
        if (value == null) {
            Files.deleteIfExists(file);
            return;
        }
        ObjectNode doc = Json.object();
        doc.put("workflowId", workflowId);
        doc.put("context", context);
        doc.set("value", value);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.write(doc), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String name(String workflowId, String context) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest((workflowId + "\u0000" + context).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
