package io.hetumind.nodes.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.nodes.NodeTests;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitInBatchesNodeTest {

    private static final String WF =
            """
            {"name":"loop","nodes":[
              {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
              {"name":"Loop","type":"n8n-nodes-base.splitInBatches","typeVersion":3,"parameters":{"batchSize":%s}},
              {"name":"Work","type":"n8n-nodes-base.set","typeVersion":3.4,"parameters":{
                 "includeOtherFields":true,
                 "assignments":{"assignments":[{"name":"seen","value":"yes","type":"string"}]}}},
              {"name":"Done","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}}],
             "connections":{
               "Start":{"main":[[{"node":"Loop","type":"main","index":0}]]},
               "Loop":{"main":[[{"node":"Done","type":"main","index":0}],[{"node":"Work","type":"main","index":0}]]},
               "Work":{"main":[[{"node":"Loop","type":"main","index":0}]]}}}
            """;

    private static ExecutionResult run(String batchSize, String input) {
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(WF.formatted(batchSize))),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input)));
    }

    @Test
    void loopsInBatchesAndEmitsAllOnDone() {
        ExecutionResult r = run("2", "[{'n':1},{'n':2},{'n':3},{'n':4},{'n':5}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        List<NodeRun> workRuns = r.state().runs("Work");
        assertThat(workRuns).extracting(run -> run.output(0).size()).containsExactly(2, 2, 1);
        assertThat(r.state().runs("Done")).hasSize(1);
        assertThat(r.output("Done", 0))
                .extracting(
                        i -> i.json().get("n").asInt() + i.json().get("seen").asText())
                .containsExactly("1yes", "2yes", "3yes", "4yes", "5yes");
    }

    @Test
    void batchLargerThanInputLoopsOnce() {
        ExecutionResult r = run("10", "[{'n':1},{'n':2}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Work")).hasSize(1);
        assertThat(r.output("Done", 0)).hasSize(2);
    }

    private static final String LEGACY_WF =
            """
            {"name":"legacy","nodes":[
              {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
              {"name":"Loop","type":"n8n-nodes-base.splitInBatches","typeVersion":%s,"parameters":{"batchSize":2}},
              {"name":"Work","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}},
              {"name":"Done","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}}],
             "connections":{
               "Start":{"main":[[{"node":"Loop","type":"main","index":0}]]},
               "Loop":{"main":[[{"node":"Work","type":"main","index":0}],[{"node":"Done","type":"main","index":0}]]},
               "Work":{"main":[[{"node":"Loop","type":"main","index":0}]]}}}
            """;

    private static ExecutionResult runLegacy(String version, String input) {
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(LEGACY_WF.formatted(version))),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input)));
    }

    @Test
    void v1EmitsBatchesOnItsOnlyOutputAndStopsWhenExhausted() {
        ExecutionResult r = runLegacy("1", "[{'n':1},{'n':2},{'n':3}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Work"))
                .extracting(run -> run.output(0).size())
                .containsExactly(2, 1);
        assertThat(r.state().runs("Loop")).hasSize(3);
        assertThat(r.state().runs("Loop").getLast().output(0)).isEmpty();
        assertThat(r.state().runs("Done")).isEmpty();
        var context = r.state().nodeState("Loop");
        assertThat(context.get("noItemsLeft").asBoolean()).isTrue();
        assertThat(context.get("currentRunIndex").asInt()).isEqualTo(2);
        assertThat(context.get("maxRunIndex").asInt()).isEqualTo(2);
    }

    @Test
    void v1KeepsNoItemsLeftFalseWhileBatchesRemain() {
        ExecutionResult r = runLegacy("1", "[{'n':1},{'n':2},{'n':3},{'n':4},{'n':5}]");
        assertThat(r.state().runs("Work"))
                .extracting(run -> run.output(0).size())
                .containsExactly(2, 2, 1);
        assertThat(r.state().nodeState("Loop").get("maxRunIndex").asInt()).isEqualTo(3);
    }

    @Test
    void v2LoopsOnOutputZeroAndEmitsProcessedItemsOnOutputOne() {
        for (String version : List.of("2", "2.1")) {
            ExecutionResult r = runLegacy(version, "[{'n':1},{'n':2},{'n':3}]");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.state().runs("Work"))
                    .extracting(run -> run.output(0).size())
                    .containsExactly(2, 1);
            assertThat(r.state().runs("Done")).hasSize(1);
            assertThat(r.output("Done", 0))
                    .extracting(i -> i.json().get("n").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(r.state().nodeState("Loop").get("done").asBoolean()).isTrue();
        }
    }

    @Test
    void v1AndV2DefaultToBatchesOfTen() {
        String wf = LEGACY_WF.replace("{\"batchSize\":2}", "{}");
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            input.append(i == 0 ? "" : ",").append("{'n':").append(i).append('}');
        }
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(wf.formatted("2"))),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input + "]")));
        assertThat(r.state().runs("Work"))
                .extracting(run -> run.output(0).size())
                .containsExactly(10, 2);
    }

    @Test
    void v3StartsOverWhenReenteredAfterFinishing() {
        String nested =
                """
                {"name":"nested","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Outer","type":"n8n-nodes-base.splitInBatches","typeVersion":3,"parameters":{"batchSize":1}},
                  {"name":"Children","type":"n8n-nodes-base.splitOut","typeVersion":1,"parameters":{"fieldToSplitOut":"kids"}},
                  {"name":"Inner","type":"n8n-nodes-base.splitInBatches","typeVersion":3,"parameters":{"batchSize":1}},
                  {"name":"Child","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}},
                  {"name":"Done","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}}],
                 "connections":{
                   "Start":{"main":[[{"node":"Outer","type":"main","index":0}]]},
                   "Outer":{"main":[[{"node":"Done","type":"main","index":0}],[{"node":"Children","type":"main","index":0}]]},
                   "Children":{"main":[[{"node":"Inner","type":"main","index":0}]]},
                   "Inner":{"main":[[{"node":"Outer","type":"main","index":0}],[{"node":"Child","type":"main","index":0}]]},
                   "Child":{"main":[[{"node":"Inner","type":"main","index":0}]]}}}
                """;
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(nested)),
                RunRequest.defaults()
                        .sequential()
                        .withInput(NodeTests.items("[{'kids':['a','b']},{'kids':['c','d']}]")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Child")).hasSize(4);
        assertThat(r.output("Done", 0))
                .extracting(i -> i.json().get("kids").asText())
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void batchSizeBelowOneIsAUserError() {
        ExecutionResult r = run("0", "[{'n':1}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("batchSize");
    }
}
