package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.NodeWaiting;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.internal.Lifecycles;
import io.hetumind.core.engine.internal.MachineState;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Drives the pure machine through every declared execution and node-run transition, then
 * checks that none of the declared transitions went unexercised.
 */
class LifecycleTest {

    private final Engine engine =
            Engine.builder().registry(TestNodes.registry()).build();
    private final PreparedWorkflow wf = engine.prepare(ControlTest.chain("test.tag", "{}"));

    private ExecutionState run(Consumer<Step> script) {
        HostedSteps.Machine m = HostedSteps.machine(wf, false);
        ExecutionState s = m.newState("x");
        script.accept(new Step(m, s));
        return s;
    }

    /** Applies events to one state. */
    record Step(HostedSteps.Machine m, ExecutionState s) {
        Step on(ExecutionEvent e) {
            m.apply(s, e);
            return this;
        }

        Step startNext() {
            Task t = MachineState.of(s).readyTasks().getFirst();
            return on(new NodeStarted(0, t.id(), t.node()));
        }

        Step finish(String node) {
            long id = s.runningTasks().getFirst().id();
            return on(new NodeFinished(0, id, node, 0, 0, List.of(List.of(Item.empty())), null, List.of(), null));
        }
    }

    private static final ExecutionError BOOM = ExecutionError.of("boom", "First", ErrorKind.OPERATIONAL);

    @Test
    void everyDeclaredTransitionIsExercised() {
        Started start = new Started(
                0, "Start", List.of(Item.empty()), RunRequest.defaults().info(null, 1));
        // NEW→RUNNING→SUCCESS; QUEUED→RUNNING→SUCCESS
        ExecutionState ok = run(st -> st.on(start)
                .startNext()
                .finish("Start")
                .startNext()
                .finish("First")
                .startNext()
                .finish("Middle")
                .startNext()
                .finish("Last")
                .on(new Finished(1)));
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCESS);
        // NEW→CANCELED
        run(st -> st.on(new Canceled(0, "before start")));
        // RUNNING→ERROR with a retry first (RUNNING→QUEUED) and QUEUED→CANCELED of what was left
        ExecutionState failed = run(st -> {
            st.on(start).startNext().finish("Start").startNext();
            long id = st.s().runningTasks().getFirst().id();
            st.on(new NodeFailed(0, id, "First", 0, 0, BOOM, List.of(), 5)).startNext();
            st.on(new NodeFailed(0, id, "First", 0, 0, BOOM, List.of(), -1));
        });
        assertThat(failed.status()).isEqualTo(ExecutionStatus.ERROR);
        // RUNNING→WAITING (node waits)→RUNNING via resume; WAITING(node)→SUCCESS
        run(st -> {
            st.on(start).startNext().finish("Start").startNext();
            long id = st.s().runningTasks().getFirst().id();
            st.on(new NodeWaiting(0, id, "First", 0, -1, List.of(List.of(Item.empty())), null))
                    .on(new Paused(0, "wait"))
                    .on(new Resumed(1, "First", null));
        });
        // WAITING→CANCELED with a node waiting (WAITING→CANCELED of the run)
        run(st -> {
            st.on(start).startNext().finish("Start").startNext();
            long id = st.s().runningTasks().getFirst().id();
            st.on(new NodeWaiting(0, id, "First", 0, -1, List.of(), null))
                    .on(new Paused(0, "wait"))
                    .on(new Canceled(1, "gave up"));
        });
        // RUNNING→CANCELED with a node in flight (RUNNING→CANCELED of the run) and one queued
        run(st -> st.on(start).startNext().on(new Canceled(0, "stop")));
        // RUNNING→CRASHED (in-flight run re-queued)→RUNNING; CRASHED→CANCELED; WAITING→RUNNING via Continued
        run(st -> st.on(start)
                .startNext()
                .on(new Crashed(1))
                .on(new Continued(2))
                .on(new Paused(3, "pause"))
                .on(new Continued(4)));
        run(st -> st.on(start).on(new Crashed(1)).on(new Canceled(2, "abandoned")));

        assertThat(Lifecycles.EXECUTION.exercised()).containsAll(Lifecycles.EXECUTION.declared());
        assertThat(Lifecycles.NODE_RUN.exercised()).containsAll(Lifecycles.NODE_RUN.declared());
    }
}
