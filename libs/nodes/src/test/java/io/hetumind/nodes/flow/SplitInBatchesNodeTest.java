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

    @Test
    void batchSizeBelowOneIsAUserError() {
        ExecutionResult r = run("0", "[{'n':1}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("batchSize");
    }
}
