package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSlice;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs "up to a node": the destination and what leads to it run, nothing downstream or beside it. */
class WorkflowSliceTest {
    private static final Workflow WF = WorkflowFormat.readJson(
            """
            {"name":"branches","nodes":[
              {"name":"Start","type":"test.trigger"},
              {"name":"Route","type":"test.route"},
              {"name":"Yes","type":"test.tag"},
              {"name":"No","type":"test.tag"},
              {"name":"Both","type":"test.merge"},
              {"name":"After","type":"test.tag"},
              {"name":"Beside","type":"test.tag"}],
             "connections":{
               "Start":{"main":[[{"node":"Route"},{"node":"Beside"}]]},
               "Route":{"main":[[{"node":"Yes"}],[{"node":"No"}]]},
               "Yes":{"main":[[{"node":"Both","index":0}]]},
               "No":{"main":[[{"node":"Both","index":1}]]},
               "Both":{"main":[[{"node":"After"}]]}},
             "pinData":{"Beside":[{"json":{"pinned":true}}],"No":[{"json":{"pinned":true}}]}}
            """);

    private final Engine engine =
            Engine.builder().registry(TestNodes.registry()).build();

    @BeforeEach
    void reset() {
        TestNodes.CALLS.clear();
    }

    @Test
    void aBranchRunsOnlyWhatLeadsToItsDestination() {
        Workflow slice = WorkflowSlice.upTo(WF, "Yes");
        assertThat(slice.nodes()).extracting(Node::name).containsExactly("Start", "Route", "Yes");
        // Route keeps both outputs, the one to the left-out node now empty
        assertThat(slice.connections().main("Route")).hasSize(2);
        assertThat(slice.connections().main("Route").get(1)).isEmpty();
        assertThat(slice.pinData()).isEmpty();

        ExecutionResult r = engine.run(
                engine.prepare(slice),
                RunRequest.defaults().withInput(List.of(Item.of(Json.object().put("ok", true)))));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Yes")).hasSize(1);
        assertThat(TestNodes.calls("Yes")).isEqualTo(1);
        assertThat(TestNodes.calls("No") + TestNodes.calls("Beside") + TestNodes.calls("After"))
                .isZero();
    }

    @Test
    void aJoinKeepsEveryBranchThatFeedsItAndTheirPinnedDataButNothingAfterIt() {
        Workflow slice = WorkflowSlice.upTo(WF, "Both");
        assertThat(slice.nodes()).extracting(Node::name).containsExactly("Start", "Route", "Yes", "No", "Both");
        assertThat(slice.connections().main("Both")).isEmpty();
        assertThat(slice.pinData()).containsOnlyKeys("No");
        ExecutionResult r = engine.run(engine.prepare(slice), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Both")).hasSize(1);
        assertThat(TestNodes.calls("After") + TestNodes.calls("Beside")).isZero();
    }

    @Test
    void theTriggerAloneIsASliceAndAnUnknownNodeIsRefused() {
        assertThat(WorkflowSlice.upTo(WF, "Start").nodes())
                .extracting(Node::name)
                .containsExactly("Start");
        assertThat(WorkflowSlice.reaches(WF, "Start", "After")).isTrue();
        assertThat(WorkflowSlice.reaches(WF, "Beside", "After")).isFalse();
        assertThatThrownBy(() -> WorkflowSlice.upTo(WF, "Nowhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the workflow has no node 'Nowhere'");
    }

    @Test
    void aSliceOfEveryNodeIsAValidWorkflowEndingThere() {
        for (Node n : WF.nodes()) {
            Workflow slice = WorkflowSlice.upTo(WF, n.name());
            assertThat(engine.validate(slice).ok()).as(n.name()).isTrue();
            assertThat(slice.connections().main(n.name())).as(n.name()).isEmpty();
            for (Node kept : slice.nodes()) {
                assertThat(WorkflowSlice.reaches(WF, kept.name(), n.name()))
                        .as(kept.name())
                        .isTrue();
            }
        }
    }
}
