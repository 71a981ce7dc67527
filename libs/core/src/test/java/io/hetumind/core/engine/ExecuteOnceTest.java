package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** n8n's node setting "Execute Once": the node runs on the first item of each input only. */
class ExecuteOnceTest {

    private static ExecutionResult run(boolean executeOnce) {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"once","nodes":[
                  {"name":"T","type":"test.trigger"},
                  {"name":"A","type":"test.tag","executeOnce":%s},
                  {"name":"B","type":"test.tag"}],
                 "connections":{"T":{"main":[[{"node":"A"}]]},"A":{"main":[[{"node":"B"}]]}}}
                """
                        .formatted(executeOnce));
        List<Item> input = List.of(
                Item.of(Json.object().put("n", 1)),
                Item.of(Json.object().put("n", 2)),
                Item.of(Json.object().put("n", 3)));
        return engine.run(engine.prepare(wf), RunRequest.defaults().withInput(input));
    }

    @Test
    void theNodeSeesOnlyTheFirstItemAndTheNextNodesGetWhatItMade() {
        ExecutionResult once = run(true);
        assertThat(once.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(once.output("A", 0)).hasSize(1);
        assertThat(once.output("A", 0).getFirst().json().path("n").asInt()).isEqualTo(1);
        assertThat(once.output("B", 0)).hasSize(1);
        assertThat(run(false).output("A", 0)).hasSize(3);
    }
}
