package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Breakpoints: a run pauses before or after a node, is inspected, stepped, continued or aborted, across restarts. */
class BreakpointTest {
    private static final String CHAIN =
            """
            {"id":"wf-b","version":1,"name":"chain","nodes":[
              {"name":"Start","type":"test.trigger"},
              {"name":"First","type":"test.tag"},
              {"name":"Middle","type":"test.tag","parameters":{"note":"={{ $json.path[0] + '!' }}"}},
              {"name":"Last","type":"test.tag"}],
             "connections":{"Start":{"main":[[{"node":"First"}]]},"First":{"main":[[{"node":"Middle"}]]},
               "Middle":{"main":[[{"node":"Last"}]]}}}
            """;

    private final InMemoryCheckpointer store = new InMemoryCheckpointer();

    @BeforeEach
    void reset() {
        TestNodes.CALLS.clear();
    }

    /** A fresh engine on the same store: what a restarted host has. */
    private Engine engine(int snapshotEvery) {
        return Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .snapshotEvery(snapshotEvery)
                .build();
    }

    private static RunRequest request(Breakpoints b) {
        return RunRequest.defaults()
                .withExecutionId("dbg")
                .withInput(List.of(
                        Item.of(Json.object().put("n", 1)),
                        Item.of(Json.object().put("n", 2))))
                .withBreakpoints(b);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 128})
    void aRunPausesBeforeItsBreakpointIsInspectedAndGoesOnAfterARestart(int snapshotEvery) {
        Engine first = engine(snapshotEvery);
        PreparedWorkflow wf = first.prepare(WorkflowFormat.readJson(CHAIN));
        Breakpoints b = Breakpoints.before("Middle");
        ExecutionResult paused = first.run(wf, request(b));
        assertThat(paused.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(paused.state().pauseReason()).isEqualTo(ExecutionState.BREAKPOINT);
        assertThat(paused.state().breakNode()).isEqualTo("Middle");
        assertThat(paused.state().breakAfter()).isFalse();
        assertThat(paused.state().wakeAt()).isEqualTo(-1);
        assertThat(TestNodes.calls("First")).isEqualTo(1);
        assertThat(TestNodes.calls("Middle")).isZero();

        Engine restarted = engine(snapshotEvery);
        PausedView view = restarted.paused(wf, "dbg", RunRequest.defaults()).orElseThrow();
        assertThat(view.node()).isEqualTo("Middle");
        assertThat(view.after()).isFalse();
        assertThat(view.inputs().getFirst()).hasSize(2);
        assertThat(view.outputs()).isEmpty();
        assertThat(view.evaluate("={{ $json.n * 10 }}", 1).asInt()).isEqualTo(20);
        assertThat(view.evaluate("={{ $json.path.join('/') }}", 0).asText()).isEqualTo("First");
        assertThatThrownBy(() -> view.evaluate("={{ $json.n }}", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("item 2 is not one of the node's 2 input items");

        // continuing with the same breakpoints lets the held node run: it does not pause there again
        ExecutionResult done = restarted.resume(wf, "dbg", RunRequest.defaults().withBreakpoints(b));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(TestNodes.calls("First")).isEqualTo(1);
        assertThat(done.state()
                        .runs("Last")
                        .getFirst()
                        .outputs()
                        .getFirst()
                        .get(1)
                        .json()
                        .path("note")
                        .asText())
                .isEqualTo("First!");
        assertThat(restarted.paused(wf, "dbg", RunRequest.defaults())).isEmpty();
    }

    @Test
    void aBreakpointAfterANodeShowsItsOutput() {
        Engine e = engine(128);
        PreparedWorkflow wf = e.prepare(WorkflowFormat.readJson(CHAIN));
        Breakpoints b = Breakpoints.NONE.andAfter("First", "Last");
        ExecutionResult paused = e.run(wf, request(b));
        assertThat(paused.state().breakNode()).isEqualTo("First");
        assertThat(paused.state().breakAfter()).isTrue();
        PausedView view = e.paused(wf, "dbg", RunRequest.defaults()).orElseThrow();
        assertThat(view.outputs().getFirst()).hasSize(2);
        assertThat(view.outputs()
                        .getFirst()
                        .getFirst()
                        .json()
                        .path("path")
                        .get(0)
                        .asText())
                .isEqualTo("First");
        assertThat(view.inputs().getFirst().getFirst().json().has("path")).isFalse();
        assertThat(TestNodes.calls("Middle")).isZero();

        // the last node's pause comes after it ran; going on from there just ends the run
        ExecutionResult atLast = e.resume(wf, "dbg", RunRequest.defaults().withBreakpoints(b));
        assertThat(atLast.state().breakNode()).isEqualTo("Last");
        assertThat(atLast.status()).isEqualTo(ExecutionStatus.WAITING);
        ExecutionResult done = e.resume(wf, "dbg", RunRequest.defaults().withBreakpoints(b));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Last")).isEqualTo(1);
    }

    @Test
    void steppingRunsOneNodeAtATime() {
        Engine e = engine(1);
        PreparedWorkflow wf = e.prepare(WorkflowFormat.readJson(CHAIN));
        Breakpoints step = Breakpoints.NONE.stepping();
        ExecutionResult r = e.run(wf, request(step));
        List<String> heldAt = new ArrayList<>();
        int resumes = 0;
        while (r.status() == ExecutionStatus.WAITING) {
            heldAt.add(r.state().breakNode());
            int before =
                    TestNodes.CALLS.values().stream().mapToInt(c -> c.get()).sum();
            r = e.resume(wf, "dbg", RunRequest.defaults().withBreakpoints(step));
            int after = TestNodes.CALLS.values().stream().mapToInt(c -> c.get()).sum();
            assertThat(after - before).as("nodes run by one step").isEqualTo(1);
            assertThat(++resumes).isLessThan(10);
        }
        assertThat(heldAt).containsExactly("Start", "First", "Middle", "Last");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        // a resume without breakpoints runs the rest at once
        TestNodes.CALLS.clear();
        ExecutionResult once = e.run(wf, request(step).withExecutionId("dbg2"));
        assertThat(once.state().breakNode()).isEqualTo("Start");
        assertThat(e.resume(wf, "dbg2", RunRequest.defaults()).status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Last")).isEqualTo(1);
    }

    @Test
    void abortingAHeldRunCancelsItWithoutRunningTheNode() {
        Engine e = engine(128);
        PreparedWorkflow wf = e.prepare(WorkflowFormat.readJson(CHAIN));
        e.run(wf, request(Breakpoints.before("Middle")));
        ExecutionResult aborted = engine(128).abort(wf, "dbg", "stopped in the debugger", RunRequest.defaults());
        assertThat(aborted.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(aborted.state().error().message()).isEqualTo("execution canceled: stopped in the debugger");
        assertThat(TestNodes.calls("Middle")).isZero();
        // it stays ended: a resume or a second abort changes nothing
        assertThat(e.resume(wf, "dbg", RunRequest.defaults()).status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(e.abort(wf, "dbg", "again", RunRequest.defaults())
                        .state()
                        .error()
                        .message())
                .isEqualTo("execution canceled: stopped in the debugger");
        assertThat(TestNodes.calls("Middle")).isZero();
    }

    @Test
    void aBreakpointOnABranchThatDoesNotRunNeverPauses() {
        Engine e = engine(128);
        PreparedWorkflow wf = e.prepare(WorkflowFormat.readJson(CHAIN));
        ExecutionResult r = e.run(wf, request(Breakpoints.before("Nowhere")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(e.paused(wf, "dbg", RunRequest.defaults())).isEmpty();
    }
}
