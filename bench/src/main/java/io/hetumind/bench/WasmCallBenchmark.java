package io.hetumind.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.wasm.internal.ModuleCache;
import io.hetumind.nodes.wasm.internal.PluginSession;
import io.hetumind.nodes.wasm.internal.WasmLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a WebAssembly plugin call costs per item, interpreted vs compiled to JVM bytecode:
 * {@code call} is one Extism call on a live instance (input in, function, output out, under the
 * timeout watchdog) with a 64-byte input; {@code nodePerItem} runs the WebAssembly node over 1,000
 * items through the engine (JSON in and out), reported per item. The plugin is
 * libs/nodes-wasm/src/test/wat/upper.wat: {@code echo64} copies its input eight bytes per host call
 * as the PDKs do, {@code upper} goes byte by byte, reads a config value, keeps a variable and logs;
 * {@code crunch} is compute-bound (FNV-1a over the input, 1,000 rounds), where compiling pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WasmCallBenchmark {

    static final int ITEMS = 1_000;

    @Param({"interpreter", "compiled"})
    public String runtime;

    @Param({"echo64", "upper", "crunch"})
    public String function;

    private PluginSession session;
    private byte[] input;
    private Engine engine;
    private PreparedWorkflow workflow;
    private List<Item> items;

    @Setup
    public void setUp() throws IOException {
        byte[] wasm;
        try (InputStream in = WasmCallBenchmark.class.getResourceAsStream("/wasm/upper.wasm")) {
            wasm = in.readAllBytes();
        }
        WasmLimits limits = WasmLimits.defaults().withCompiled(runtime.equals("compiled"));
        session = PluginSession.open(
                ModuleCache.shared().get(wasm),
                limits,
                Map.of("prefix", "> "),
                List.of(),
                NetworkPolicy.allowAll(),
                false,
                line -> {});
        session.requireFunction(function);
        input = "{\"id\":1,\"text\":\"the quick brown fox jumps over the lazy dog\"}".getBytes(StandardCharsets.UTF_8);

        ObjectNode params = Json.object()
                .put("module", Base64.getEncoder().encodeToString(wasm))
                .put("function", function)
                .put("inputMode", "field")
                .put("inputField", "text")
                .put("outputMode", "text");
        params.putObject("options").put("runtime", runtime);
        String wf =
                """
                {"name":"wasm bench","nodes":[
                  {"name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Plugin","type":"hetumind.wasm","typeVersion":1,"parameters":%s}],
                 "connections":{"Start":{"main":[[{"node":"Plugin","type":"main","index":0}]]}}}"""
                        .formatted(Json.write(params));
        engine = Engine.builder().registry(NodeRegistry.load()).build();
        workflow = engine.prepare(WorkflowFormat.readJson(wf));
        items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(Item.of(Json.object().put("id", i).put("text", "item number " + i + " of the bench")));
        }
    }

    @Benchmark
    public byte[] call() {
        return session.call(function, input, () -> false);
    }

    /** Whole node over {@value #ITEMS} items; divide the score by 1,000 for µs per item. */
    @Benchmark
    public ExecutionResult nodeOver1000Items() {
        ExecutionResult r = engine.run(workflow, RunRequest.defaults().withInput(items));
        if (r.status() != ExecutionStatus.SUCCESS) {
            throw new IllegalStateException(r.state().error().message());
        }
        return r;
    }
}
