package io.hetumind.core.task;

import static io.hetumind.core.task.InstanceState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Walks the instance and agent lifecycles through every path a run can take; each declared move must be taken. */
class LifecycleTest {

    private static void walk(Lifecycle<InstanceState> l, InstanceState... path) {
        for (int i = 1; i < path.length; i++) {
            l.check(path[i - 1], path[i]);
        }
    }

    @Test
    void instancePathsOfNormalRuns() {
        var l = InstanceState.LIFECYCLE;
        walk(l, QUEUED, DISPATCHED, RUNNING, SUCCEEDED);
        walk(l, QUEUED, DISPATCHED, RUNNING, FAILED);
        walk(l, QUEUED, DISPATCHED, RUNNING, TIMED_OUT);
        walk(l, QUEUED, DISPATCHED, FAILED);
    }

    @Test
    void instancePathsOfCancelsAndLostAgents() {
        var l = InstanceState.LIFECYCLE;
        walk(l, QUEUED, CANCELED);
        walk(l, QUEUED, DISPATCHED, CANCELED);
        walk(l, QUEUED, DISPATCHED, RUNNING, CANCELED);
        walk(l, QUEUED, DISPATCHED, LOST);
        walk(l, QUEUED, DISPATCHED, RUNNING, LOST);
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (InstanceState s : InstanceState.values()) {
            boolean leaves = InstanceState.LIFECYCLE.transitions().stream().anyMatch(t -> t.from() == s);
            assertThat(leaves).as(s.name()).isEqualTo(!s.terminal());
        }
        assertThatThrownBy(() -> InstanceState.LIFECYCLE.check(SUCCEEDED, RUNNING))
                .hasMessageContaining("SUCCEEDED to RUNNING");
        assertThat(InstanceState.LIFECYCLE.from(LOST)).containsExactlyInAnyOrder(DISPATCHED, RUNNING);
        assertThat(InstanceState.ofWire("timed_out")).isEqualTo(TIMED_OUT);
    }

    @Test
    void agentPaths() {
        var l = AgentState.LIFECYCLE;
        l.check(AgentState.OFFLINE, AgentState.ONLINE);
        l.check(AgentState.ONLINE, AgentState.ONLINE);
        l.check(AgentState.ONLINE, AgentState.DEAD);
        l.check(AgentState.DEAD, AgentState.ONLINE);
        l.check(AgentState.ONLINE, AgentState.OFFLINE);
        l.check(AgentState.OFFLINE, AgentState.DEAD);
        assertThatThrownBy(() -> l.check(AgentState.DEAD, AgentState.OFFLINE))
                .isInstanceOf(IllegalStateException.class);
    }

    @AfterAll
    static void everyDeclaredTransitionWasExercised() {
        List<?> instance = InstanceState.LIFECYCLE.unexercised();
        List<?> agent = AgentState.LIFECYCLE.unexercised();
        assertThat(instance).as("instance transitions never exercised").isEmpty();
        assertThat(agent).as("agent transitions never exercised").isEmpty();
    }
}
