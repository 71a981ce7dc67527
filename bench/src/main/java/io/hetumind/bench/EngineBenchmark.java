package io.hetumind.bench;

import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead: a 100-node chain (NoOp: pure engine cost per hop; Set: with a real node),
 * 16-way fan-out/fan-in, and 100k items through Set → If → Merge. Divide the chain figures by
 * 100 for the cost of one hop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    private final Engine engine = Engine.builder().build();
    private Engine journaling;
    private java.nio.file.Path checkpointDir;
    private PreparedWorkflow noOpChain;
    private PreparedWorkflow setChain;
    private PreparedWorkflow fan;
    private PreparedWorkflow setIfMerge;
    private List<Item> hundredThousand;

    @Setup
    public void setup() {
        noOpChain = engine.prepare(Workflows.chain(100, "hetumind.noOp", 1, "{}"));
        setChain = engine.prepare(Workflows.chain(100, "hetumind.set", 3.4, Workflows.setParams("x", "1")));
        fan = engine.prepare(Workflows.fanOutFanIn());
        setIfMerge = engine.prepare(Workflows.setIfMerge());
        try {
            checkpointDir = java.nio.file.Files.createTempDirectory("hetumind-bench");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        journaling = Engine.builder()
                .checkpointer(new io.hetumind.core.engine.FileCheckpointer(checkpointDir, false))
                .build();
        hundredThousand = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            hundredThousand.add(Item.of(Json.object().put("n", i)));
        }
    }

    private static ExecutionResult check(ExecutionResult r) {
        if (r.status() != ExecutionStatus.SUCCESS) {
            throw new IllegalStateException("benchmark run failed: " + r.toJson());
        }
        return r;
    }

    @Benchmark
    public ExecutionResult chain100NoOpSequential() {
        return check(engine.run(noOpChain, RunRequest.defaults().sequential()));
    }

    @Benchmark
    public ExecutionResult chain100NoOpParallelMode() {
        return check(engine.run(noOpChain, RunRequest.defaults()));
    }

    /** The same chain journaling every event to files (no fsync), as {@code hetumind run --checkpoint-dir}. */
    @Benchmark
    public ExecutionResult chain100NoOpFileCheckpoints() {
        return check(journaling.run(noOpChain, RunRequest.defaults().sequential()));
    }

    /**
     * The same, at the studio's PER_EFFECT durability: NoOp is replay-safe, so its progress rides along (a commit per
     * 256 events) instead of one per node.
     */
    @Benchmark
    public ExecutionResult chain100NoOpFileCheckpointsPerEffect() {
        return check(
                journaling.run(noOpChain, RunRequest.defaults().sequential().withDurability(Durability.PER_EFFECT)));
    }

    @Benchmark
    public ExecutionResult chain100Set() {
        return check(engine.run(setChain, RunRequest.defaults().sequential()));
    }

    @Benchmark
    public ExecutionResult fanOut16FanIn() {
        return check(engine.run(fan, RunRequest.defaults()));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 5)
    public ExecutionResult items100kSetIfMerge() {
        return check(engine.run(setIfMerge, RunRequest.defaults().withInput(hundredThousand)));
    }
}
