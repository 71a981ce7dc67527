package io.hetumind.nodes.command;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import org.junit.jupiter.api.Test;

class ExecuteCommandNodeTest {

    private static ExecutionResult run(String params, String input, NodePolicy policy, OnError onError) {
        NodeRunner runner = new NodeRunner(new ExecuteCommandNode()).onError(onError);
        if (policy != null) {
            runner.service(NodePolicy.class, policy);
        }
        return runner.run(1, json(params), items(input));
    }

    @Test
    void runsOnceByDefaultAndReportsTrimmedOutputsAndTheExitCode() {
        ExecutionResult r = run("{'command':'echo hello; echo oops >&2'}", "[{'n':1},{'n':2}]", null, OnError.STOP);
        assertThat(NodeTests.out(r, 0)).isEqualTo(NodeTests.jsons("[{'exitCode':0,'stderr':'oops','stdout':'hello'}]"));
    }

    @Test
    void runsPerItemWithExpressionsWhenNotOnce() {
        ExecutionResult r = run(
                "{'executeOnce':false,'command':'=echo {{ $json.n * 10 }}'}", "[{'n':1},{'n':2}]", null, OnError.STOP);
        assertThat(NodeTests.out(r, 0).stream().map(j -> j.get("stdout").asText()))
                .containsExactly("10", "20");
    }

    @Test
    void aNonZeroExitFailsLikeN8nOrBecomesAnErrorItem() {
        ExecutionResult failed = run("{'command':'echo bad >&2; exit 3'}", "[{}]", null, OnError.STOP);
        assertThat(NodeTests.error(failed)).isEqualTo("Command failed: echo bad >&2; exit 3\nbad");
        ExecutionResult kept = run("{'command':'exit 4'}", "[{}]", null, OnError.CONTINUE);
        assertThat(kept.status()).as("%s", kept.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(kept.output("Node", 0).getFirst().json().get("error").asText())
                .startsWith("Command failed: exit 4");
    }

    @Test
    void anInstanceThatSwitchesCommandsOffRefusesBeforeRunningAnything() throws Exception {
        java.nio.file.Path marker =
                java.nio.file.Files.createTempDirectory("cmd").resolve("ran");
        NodePolicy off = NodePolicy.builder()
                .allow(NodePolicy.Capability.EXECUTE_COMMAND, false)
                .build();
        ExecutionResult r = run("{'command':'touch " + marker + "'}", "[{}]", off, OnError.STOP);
        assertThat(NodeTests.error(r))
                .isEqualTo("The Execute Command node is disabled on this instance — its administrator does not allow"
                        + " running commands on the host");
        assertThat(marker).doesNotExist();
        ExecutionResult on = run("{'command':'touch " + marker + "'}", "[{}]", NodePolicy.allowAll(), OnError.STOP);
        assertThat(on.status()).as("%s", on.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(marker).exists();
    }
}
