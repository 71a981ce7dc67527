package io.hetumind.cli;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.FileProcessedDataStore;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.ProcessZone;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.sdk.plugin.Plugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Builds the CLI's engine: the standard nodes, an allow-listed environment, a checkpointer. */
final class Engines {

    /** Binary data kept per CLI run unless HETUMIND_BINARY_MAX_BYTES says otherwise. */
    private static final long DEFAULT_BINARY_MAX_BYTES = 1L << 30;

    private Engines() {}

    static Engine create(Checkpointer checkpointer, ExecutionListener listener, Path checkpointDir) {
        return create(checkpointer, listener, checkpointDir, false);
    }

    /** {@link #create(Checkpointer, ExecutionListener, Path)}, measuring each node's CPU and allocation when asked. */
    static Engine create(Checkpointer checkpointer, ExecutionListener listener, Path checkpointDir, boolean profile) {
        Plugins plugins = NodeCatalog.reported();
        Engine.Builder b = Engine.builder()
                .profileNodes(profile)
                .registry(plugins.registry())
                .checkpointer(checkpointer)
                .service(CodeBudget.class, CodeBudget.fromEnvironment(System.getenv()))
                // Remove Duplicates' history between runs of a workflow file (nothing is written until one asks)
                .service(
                        ProcessedDataStore.class,
                        new FileProcessedDataStore(StudioSession.home().resolve("processed-data")))
                // the Execution Data node's values live as long as the process: a run's file has nowhere to keep them
                .service(ExecutionCustomData.class, ExecutionCustomData.inMemory())
                .processZone(ProcessZone.fromEnvironment(System.getenv()))
                .env(allowedEnv());
        if (checkpointDir != null) {
            b.resumeKey(resumeKey(checkpointDir));
        } else {
            // nothing is stored, so nothing parked could be resumed: waits are slept through here
            b.parkAfter(Duration.ofDays(36_500));
        }
        if (listener != null) {
            b.listener(listener);
        }
        if (!plugins.loaded().isEmpty()) {
            // plugin nodes reach only what their plugin declares; plugin listeners hear every run
            b.service(NodeScopes.class, plugins.scopes(NodePolicy.allowAll()));
            plugins.listeners().forEach(b::listener);
        }
        return b.build();
    }

    /**
     * Runs until the execution ends or parks for good: a run parked until a known time (a long
     * Wait, a retry back-off) is slept through here, since the CLI is what holds its store.
     */
    static ExecutionResult runToEnd(Engine engine, PreparedWorkflow wf, ExecutionResult r, RunRequest req)
            throws InterruptedException {
        while (r.status() == ExecutionStatus.WAITING
                && "wait".equals(r.state().pauseReason())
                && r.state().wakeAt() >= 0) {
            long sleep = r.state().wakeAt() - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            r = engine.resume(wf, r.executionId(), req);
        }
        engine.awaitListeners(Duration.ofSeconds(10));
        return r;
    }

    /**
     * The run's binary store: beside its checkpoints when it has them (a resumed run needs them),
     * else in {@code HETUMIND_BINARY_DIR} or a temporary folder removed when the CLI exits.
     */
    static BinaryStore binaryStore(Path checkpointDir) throws IOException {
        long max = DEFAULT_BINARY_MAX_BYTES;
        String configured = System.getenv("HETUMIND_BINARY_MAX_BYTES");
        if (configured != null && !configured.isBlank()) {
            try {
                max = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "HETUMIND_BINARY_MAX_BYTES must be a number of bytes, got '" + configured + "'");
            }
        }
        String dir = System.getenv("HETUMIND_BINARY_DIR");
        if (checkpointDir != null) {
            return new FileBinaryStore(checkpointDir.resolve("binary"), max);
        }
        if (dir != null && !dir.isBlank()) {
            return new FileBinaryStore(Path.of(dir), max);
        }
        Path tmp = Files.createTempDirectory(
                "hetumind-binary-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tmp)));
        return new FileBinaryStore(tmp, max);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort at exit: it is a temporary folder
        }
    }

    /** One key per checkpoint folder signs resume tokens, so a later process can check them. */
    private static byte[] resumeKey(Path checkpointDir) {
        try {
            Path file = checkpointDir.resolve(".resume-key");
            if (!Files.exists(file)) {
                Files.createDirectories(checkpointDir);
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(
                        checkpointDir,
                        ".resume-key",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, key);
                try {
                    Files.move(tmp, file);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resume key in " + checkpointDir, e);
        }
    }

    /** Only variables named in {@code HETUMIND_ENV_ALLOW} (comma-separated) reach {@code $env}. */
    static Map<String, String> allowedEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        String allow = System.getenv("HETUMIND_ENV_ALLOW");
        if (allow != null) {
            for (String name : allow.split(",")) {
                String v = System.getenv(name.trim());
                if (v != null) {
                    env.put(name.trim(), v);
                }
            }
        }
        return env;
    }
}
