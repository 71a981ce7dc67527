package io.hetumind.bench;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Items through one node at a time, as issue 9 compares them with n8n 2.8.4 (100k items: Edit Fields with two
 * expressions, If on an expression, Sort, Summarize, the Code node), and the whole Code → Edit Fields → If → Sort
 * workflow over 1M items in a 1 GB heap. Each operation is one execution (Trigger → node) over all the items, so
 * milliseconds per operation is the node's time for 100k items plus the trigger's hand-over; items/s is 100k divided
 * by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class ItemsBenchmark {

    static final String EDIT_FIELDS =
            """
            {"mode":"manual","assignments":{"assignments":[
              {"id":"a","name":"doubled","value":"={{ $json.n * 2 }}","type":"number"},
              {"id":"b","name":"label","value":"={{ 'item ' + $json.n }}","type":"string"}]},
             "includeOtherFields":true,"options":{}}""";
    static final String IF =
            """
            {"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict"},
             "conditions":[{"id":"c","leftValue":"={{ $json.n % 2 }}","rightValue":0,
               "operator":{"type":"number","operation":"equals"}}],"combinator":"and"},"options":{}}""";
    static final String SORT =
            "{\"type\":\"simple\",\"sortFieldsUi\":{\"sortField\":[{\"fieldName\":\"n\",\"order\":\"descending\"}]},"
                    + "\"options\":{}}";
    static final String SUMMARIZE = "{\"fieldsToSummarize\":{\"values\":[{\"aggregation\":\"sum\",\"field\":\"n\"},"
            + "{\"aggregation\":\"count\",\"field\":\"n\"}]},\"options\":{}}";
    static final String CODE =
            "{\"mode\":\"runOnceForAllItems\",\"jsCode\":\"return $input.all().map(item => ({ json: { n: item.json.n,"
                    + " tag: item.json.n % 3 === 0 ? 'fizz' : 'plain' } }));\"}";

    @Param({"100000"})
    public int items;

    private final Engine engine = Engine.builder().build();
    private PreparedWorkflow editFields;
    private PreparedWorkflow ifNode;
    private PreparedWorkflow sort;
    private PreparedWorkflow summarize;
    private PreparedWorkflow code;
    private PreparedWorkflow million;
    private PreparedWorkflow millionWithoutCode;
    private List<Item> input;
    private List<Item> millionInput;

    @Setup
    public void setup() {
        editFields = engine.prepare(Workflows.chain(1, "hetumind.set", 3.4, EDIT_FIELDS));
        ifNode = engine.prepare(Workflows.chain(1, "hetumind.if", 2, IF));
        sort = engine.prepare(Workflows.chain(1, "hetumind.sort", 1, SORT));
        summarize = engine.prepare(Workflows.chain(1, "hetumind.summarize", 1, SUMMARIZE));
        code = engine.prepare(Workflows.chain(1, "hetumind.code", 2, CODE));
        million = engine.prepare(Workflows.pipeline(List.of(
                Workflows.node("Code", "hetumind.code", 2, CODE),
                Workflows.node("Edit Fields", "hetumind.set", 3.4, EDIT_FIELDS),
                Workflows.node("If", "hetumind.if", 2, IF),
                Workflows.node("Sort", "hetumind.sort", 1, SORT))));
        millionWithoutCode = engine.prepare(Workflows.pipeline(List.of(
                Workflows.node("Edit Fields", "hetumind.set", 3.4, EDIT_FIELDS),
                Workflows.node("If", "hetumind.if", 2, IF),
                Workflows.node("Sort", "hetumind.sort", 1, SORT))));
        input = numbered(items);
    }

    static List<Item> numbered(int n) {
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Item.of(Json.object().put("n", i)));
        }
        return out;
    }

    private ExecutionResult run(PreparedWorkflow wf, List<Item> in, int expected) {
        ExecutionResult r = engine.run(wf, RunRequest.defaults().withInput(in));
        if (r.status() != ExecutionStatus.SUCCESS || r.lastOutput().size() != expected) {
            throw new IllegalStateException("benchmark run failed or lost items: " + r.status() + ", "
                    + r.lastOutput().size() + " items out of " + expected + ", error "
                    + r.state().error());
        }
        return r;
    }

    @Benchmark
    public ExecutionResult editFieldsTwoExpressions() {
        return run(editFields, input, items);
    }

    @Benchmark
    public ExecutionResult ifOnAnExpression() {
        return run(ifNode, input, items / 2);
    }

    @Benchmark
    public ExecutionResult sortDescending() {
        return run(sort, input, items);
    }

    @Benchmark
    public ExecutionResult summarizeSumAndCount() {
        return run(summarize, input, 1);
    }

    @Benchmark
    public ExecutionResult codeMapAllItems() {
        return run(code, input, items);
    }

    /** Code → Edit Fields → If → Sort over 1M items, in the fork's 1 GB heap; items are made outside the timing. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ExecutionResult millionItemsIn1GbHeap() {
        if (millionInput == null) {
            millionInput = numbered(1_000_000);
        }
        return run(million, millionInput, 500_000);
    }

    /** The same without the Code node: Edit Fields → If → Sort over 1M items in 1 GB. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ExecutionResult millionItemsWithoutCodeIn1GbHeap() {
        if (millionInput == null) {
            millionInput = numbered(1_000_000);
        }
        return run(millionWithoutCode, millionInput, 500_000);
    }
}
