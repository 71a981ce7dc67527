package io.hetumind.bench;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.N8nImport;
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
 * An n8n export (Manual Trigger → Set → If → Merge → Code) imported with {@link N8nImport} and
 * run over 10k items. Throughput is executions per second: multiply by 10,000 for items/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class N8nCodeBenchmark {

    static final int ITEMS = 10_000;

    /** Exactly as n8n exports it: n8n-nodes-base types, n8n parameter shapes per typeVersion. */
    static final String N8N_EXPORT =
            """
            {"name":"bench code","settings":{"executionOrder":"v1"},"nodes":[
             {"parameters":{},"name":"When clicking 'Test workflow'","type":"n8n-nodes-base.manualTrigger",
              "typeVersion":1,"position":[0,0]},
             {"parameters":{"mode":"manual","assignments":{"assignments":[{"id":"a1","name":"doubled",
              "value":"={{ $json.n * 2 }}","type":"number"}]},"includeOtherFields":true,"options":{}},
              "name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0]},
             {"parameters":{"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict"},
              "conditions":[{"id":"c1","leftValue":"={{ $json.n % 2 }}","rightValue":0,
              "operator":{"type":"number","operation":"equals"}}],"combinator":"and"},"options":{}},
              "name":"If","type":"n8n-nodes-base.if","typeVersion":2,"position":[400,0]},
             {"parameters":{},"name":"Merge","type":"n8n-nodes-base.merge","typeVersion":3,"position":[600,0]},
             {"parameters":{"jsCode":"return $input.all().map(item => ({ json: { n: item.json.n, doubled: item.json.doubled, tag: item.json.n % 3 === 0 ? 'fizz' : 'plain' } }));"},
              "name":"Code","type":"n8n-nodes-base.code","typeVersion":2,"position":[800,0]}],
             "connections":{
              "When clicking 'Test workflow'":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]},
              "Edit Fields":{"main":[[{"node":"If","type":"main","index":0}]]},
              "If":{"main":[[{"node":"Merge","type":"main","index":0}],[{"node":"Merge","type":"main","index":1}]]},
              "Merge":{"main":[[{"node":"Code","type":"main","index":0}]]}}}
            """;

    private final Engine engine = Engine.builder().build();
    private PreparedWorkflow workflow;
    private List<Item> items;

    @Setup
    public void setup() {
        N8nImport.Result imported = N8nImport.convert(N8N_EXPORT, engine.registry());
        if (!imported.ok()) {
            throw new IllegalStateException("unsupported n8n nodes: " + imported.unsupported());
        }
        workflow = engine.prepare(imported.workflow());
        items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(Item.of(Json.object().put("n", i)));
        }
    }

    @Benchmark
    public ExecutionResult manualSetIfMergeCode10k() {
        ExecutionResult r =
                engine.run(workflow, RunRequest.defaults().sequential().withInput(items));
        if (r.status() != ExecutionStatus.SUCCESS || r.output("Code", 0).size() != ITEMS) {
            throw new IllegalStateException("benchmark run failed: " + r.toJson());
        }
        return r;
    }
}
