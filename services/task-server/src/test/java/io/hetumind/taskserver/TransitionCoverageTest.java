package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.AgentState;
import io.hetumind.core.task.InstanceState;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Runs last (test classes run in name order): the server, driven by the other test classes over real WebSockets,
 * took every transition its lifecycle tables declare.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TransitionCoverageTest {
    @Test
    void everyDeclaredTransitionWasTakenByTheServer() {
        assertThat(InstanceState.LIFECYCLE.unexercised())
                .as("instance transitions never taken")
                .isEmpty();
        assertThat(AgentState.LIFECYCLE.unexercised())
                .as("agent transitions never taken")
                .isEmpty();
    }
}
