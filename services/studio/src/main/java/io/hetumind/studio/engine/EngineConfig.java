package io.hetumind.studio.engine;

import io.hetumind.core.engine.Durability;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The studio's engine ({@code HETUMIND_STUDIO_ENGINE_*}). */
@ConfigMapping(prefix = "hetumind.studio.engine")
public interface EngineConfig {
    /**
     * Where node binaries (files) are kept: {@code file} under {@link #binaryDir()} (one process, or processes sharing
     * that directory), or {@code postgres} in the instance's database, which every replica reads.
     */
    @WithDefault("file")
    BinaryStoreKind binaryStore();

    /** The kinds of {@link #binaryStore()}. */
    enum BinaryStoreKind {
        file,
        postgres
    }

    /** Where node binaries (files) are kept with {@code binary-store=file}, by reference, per execution. */
    @WithDefault("${java.io.tmpdir}/hetumind-studio-binaries")
    String binaryDir();

    /** How often this process removes kept binaries whose execution record is gone ({@code BinarySweeper}). */
    @WithDefault("10m")
    Duration binarySweepEvery();

    /**
     * Binaries changed within this long are never swept: files stored just before their execution is recorded (a
     * webhook's uploads), or read just after an unsaved run's record goes (its webhook answer).
     */
    @WithDefault("1h")
    Duration binarySweepGrace();

    /** Largest binary one node may store. */
    @WithDefault("268435456")
    long binaryMaxBytes();

    /**
     * Base64 key for resume tokens ({@code $execution.resumeUrl}); every replica must share it. Without it the key is
     * derived from the active credentials master key.
     */
    Optional<String> resumeKey();

    /** Path under the public URL where waiting executions are resumed. */
    @WithDefault("/webhook-waiting/")
    String resumePath();

    /**
     * How often progress reaches PostgreSQL: EVERY_EVENT, PER_NODE (at most the node in flight re-runs), PER_EFFECT
     * (as PER_NODE around nodes with outside effects; replay-safe nodes ride along with the next commit), AT_END.
     */
    @WithDefault("PER_EFFECT")
    Durability durability();

    /** Nodes running at once in this process, all executions together. */
    @WithDefault("256")
    int globalConcurrency();

    /**
     * The process zone (n8n's {@code TZ}): JavaScript's local time in expressions and Code, and where Date &amp; Time
     * reads a date text without an offset. Not the workflow's zone ({@code settings.timezone}).
     */
    @WithDefault("UTC")
    java.time.ZoneId processZone();

    /** Waits and retry back-offs longer than this park the execution instead of holding a thread. */
    @WithDefault("5s")
    Duration parkAfter();

    /** Prepared (validated, compiled) workflow versions kept in memory. */
    @WithDefault("512")
    int preparedCacheSize();

    /**
     * Measure each node run's CPU time and allocated bytes (run data, {@code hetumind_node_cpu_seconds_total},
     * {@code hetumind_node_allocated_bytes_total}, span attributes). Nodes then run on platform threads, since the JVM
     * does not account virtual ones: an opt-in for finding bottlenecks, not the default.
     */
    @WithDefault("false")
    boolean profileNodes();
}
