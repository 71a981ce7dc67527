package io.hetumind.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.nodes.NodeTests;
import org.junit.jupiter.api.Test;

class ManualTriggerNodeTest {

    private static final String WF =
            """
            {"name":"t","nodes":[
              {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
              {"name":"Pass","type":"n8n-nodes-base.noOp","typeVersion":1,"parameters":{}}],
             "connections":{"Start":{"main":[[{"node":"Pass","type":"main","index":0}]]}}}
            """;

    @Test
    void emitsOneEmptyItemByDefault() {
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        ExecutionResult r = engine.run(engine.prepare(WorkflowFormat.readJson(WF)), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Pass", 0)).hasSize(1);
        assertThat(r.output("Pass", 0).getFirst().json()).isEmpty();
    }

    @Test
    void passesTriggerItemsThrough() {
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(WF)),
                RunRequest.defaults().withInput(NodeTests.items("[{'a':1},{'a':2}]")));
        assertThat(r.output("Pass", 0))
                .extracting(i -> i.json().get("a").asInt())
                .containsExactly(1, 2);
        assertThat(r.output("Pass", 0).get(1).pairedItem().item()).isEqualTo(1);
    }
}
