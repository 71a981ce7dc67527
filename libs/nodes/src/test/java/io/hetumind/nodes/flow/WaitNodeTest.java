package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

class WaitNodeTest {

    private final WaitNode node = new WaitNode();

    @Test
    void parksTheExecutionForAnInterval() {
        var r = run(node, 1.1, "{'resume':'timeInterval','amount':2,'unit':'minutes'}", items("[{'a':1}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(r.state().waiting()).hasSize(1);
    }

    @Test
    void webhookWaitsUntilResumedAndSpecificTimeIsValidated() {
        assertThat(run(node, 1.1, "{'resume':'webhook'}", items("[{}]")).status())
                .isEqualTo(ExecutionStatus.WAITING);
        assertThat(error(run(node, 1.1, "{'resume':'specificTime','dateTime':'soon'}", items("[{}]"))))
                .contains("parameter 'dateTime'");
        assertThat(error(run(node, 1.1, "{'amount':-1}", items("[{}]")))).contains("amount");
    }
}
