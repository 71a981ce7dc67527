package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Profiling: a slow node and an allocating node are told apart by wall, CPU and allocation figures. */
class NodeProfileTest {
    private static final String WF =
            """
            {"id":"wf-p","version":1,"name":"costs","nodes":[
              {"name":"Start","type":"test.trigger"},
              {"name":"Slow","type":"test.sleep","parameters":{"ms":300}},
              {"name":"Hungry","type":"test.burn","parameters":{"mb":64}},
              {"name":"Busy","type":"test.burn","parameters":{"spinMs":200}}],
             "connections":{"Start":{"main":[[{"node":"Slow"}]]},"Slow":{"main":[[{"node":"Hungry"}]]},
               "Hungry":{"main":[[{"node":"Busy"}]]}}}
            """;

    private static Map<String, NodeProfile> profile(ExecutionResult r) {
        return NodeProfile.of(r.state()).stream().collect(Collectors.toMap(NodeProfile::node, Function.identity()));
    }

    private static RunRequest request() {
        return RunRequest.defaults()
                .withInput(List.of(
                        Item.of(Json.object().put("a", 1)),
                        Item.of(Json.object().put("a", 2))));
    }

    @Test
    void aProfilingEngineMeasuresWallCpuAndAllocationPerNodeInlineAndOnThreads() throws Exception {
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .profileNodes(true)
                .build();
        PreparedWorkflow wf = engine.prepare(WorkflowFormat.readJson(WF));
        // run() drives nodes on the calling thread; start() on a virtual one, so nodes go to platform threads
        for (ExecutionResult r :
                List.of(engine.run(wf, request()), engine.start(wf, request()).await())) {
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            Map<String, NodeProfile> p = profile(r);
            assertThat(p.get("Slow").wallMs()).isGreaterThanOrEqualTo(300);
            assertThat(p.get("Slow").cpuNanos()).isBetween(0L, 100_000_000L); // it sleeps: little CPU
            // it spins (on a shared machine its CPU share of 200 ms wall varies, but it dwarfs a sleeper's)
            assertThat(p.get("Busy").cpuNanos())
                    .isGreaterThan(20_000_000L)
                    .isGreaterThan(10 * Math.max(1, p.get("Slow").cpuNanos()));
            assertThat(p.get("Hungry").allocatedBytes()).isGreaterThan(60L << 20);
            assertThat(p.get("Slow").allocatedBytes()).isLessThan(8L << 20);
            assertThat(p.get("Hungry").itemsIn()).isEqualTo(2);
            assertThat(p.get("Hungry").itemsOut()).isEqualTo(2);
            assertThat(NodeProfile.of(r.state()))
                    .extracting(NodeProfile::wallMs)
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            // the figures are part of the run data, and survive the checkpoint
            assertThat(r.toJson().at("/runData/Hungry/0/allocatedBytes").asLong())
                    .isGreaterThan(60L << 20);
            ExecutionState back = engine.recover(wf, r.executionId());
            assertThat(profile(new ExecutionResult(back)).get("Busy").cpuNanos())
                    .isEqualTo(p.get("Busy").cpuNanos());
        }
    }

    @Test
    void anEngineThatDoesNotProfileMeasuresNothingButWallTime() {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        ExecutionResult r = engine.run(engine.prepare(WorkflowFormat.readJson(WF)), request());
        NodeProfile slow = profile(r).get("Slow");
        assertThat(slow.wallMs()).isGreaterThanOrEqualTo(300);
        assertThat(slow.cpuNanos()).isEqualTo(-1);
        assertThat(slow.allocatedBytes()).isEqualTo(-1);
        assertThat(r.toJson().at("/runData/Slow/0").has("cpuTime")).isFalse();
    }
}
