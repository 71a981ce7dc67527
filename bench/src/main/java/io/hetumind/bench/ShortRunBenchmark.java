package io.hetumind.bench;

import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileCheckpointer;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole executions per second on one thread for the short run the studio sees most: Manual Trigger → Edit Fields
 * (one assignment) → No Op, one item. Without a checkpointer, with the in-memory one, and journaled to files at the
 * per-node durability ({@code hetumind run --checkpoint-dir}, no fsync) and at the studio's per-effect durability.
 * Each operation is one execution from request to result, on a workflow prepared once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShortRunBenchmark {

    private Engine bare;
    private Engine inMemory;
    private Engine files;
    private Path dir;
    private PreparedWorkflow shortRun;

    @Setup
    public void setup() throws IOException {
        bare = Engine.builder().build();
        inMemory = Engine.builder().checkpointer(new InMemoryCheckpointer()).build();
        dir = Files.createTempDirectory("hetumind-bench-short");
        files = Engine.builder().checkpointer(new FileCheckpointer(dir, false)).build();
        shortRun = bare.prepare(Workflows.triggerSetNoOp());
    }

    @TearDown
    public void tearDown() {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecutionResult check(ExecutionResult r) {
        if (r.status() != ExecutionStatus.SUCCESS || r.lastOutput().size() != 1) {
            throw new IllegalStateException("benchmark run failed: " + r.toJson());
        }
        return r;
    }

    @Benchmark
    public ExecutionResult noCheckpointer() {
        return check(bare.run(shortRun, RunRequest.defaults().sequential()));
    }

    @Benchmark
    public ExecutionResult inMemoryCheckpointer() {
        return check(inMemory.run(shortRun, RunRequest.defaults().sequential()));
    }

    @Benchmark
    public ExecutionResult fileCheckpointerPerNode() {
        return check(files.run(shortRun, RunRequest.defaults().sequential().withDurability(Durability.PER_NODE)));
    }

    @Benchmark
    public ExecutionResult fileCheckpointerPerEffect() {
        return check(files.run(shortRun, RunRequest.defaults().sequential().withDurability(Durability.PER_EFFECT)));
    }
}
