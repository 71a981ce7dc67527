package io.hetumind.nodes.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Agent Command without a scheduler: what it refuses before sending anything, and how it names an unreachable or
 * refused endpoint. Runs against a real task-server, IAM and agents are in {@code services/task-it}
 * ({@code AgentCommandEndToEndTest}).
 */
class AgentCommandNodeTest {
    static final String KEY = "hmk_" + "s3cr3t".repeat(6);

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static ObjectNode credential(String url, String iamUrl) {
        return Json.object().put("url", url).put("iamUrl", iamUrl).put("apiKey", KEY);
    }

    static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }

    static ExecutionResult run(ObjectNode credential, String params) {
        NodeRunner runner = new NodeRunner(new AgentCommandNode());
        if (credential != null) {
            runner.credential("hetumindTaskServer", credential);
        }
        return runner.run(1, NodeTests.json(params), NodeTests.items("[{'name': 'a'}, {'name': 'b'}]"));
    }

    @Test
    void badParametersFailTheItemBeforeAnythingIsSent() throws IOException {
        // The endpoints are closed ports: these errors come before any connection is tried.
        ObjectNode cred = credential("http://127.0.0.1:" + closedPort(), "http://127.0.0.1:" + closedPort());
        assertThat(error(run(cred, "{'command': '  '}"))).contains("Agent Command needs a command [item 0]");
        assertThat(error(run(cred, "{'command': 'env', 'environment': {'variable': [{'name': '', 'value': 'x'}]}}")))
                .contains("An environment variable of Agent Command has no name [item 0]");
        assertThat(error(run(cred, "{'command': 'env', 'labels': {'label': [{'name': '', 'value': 'x'}]}}")))
                .contains("An agent label of Agent Command has no name [item 0]");
        assertThat(error(run(cred, "{'command': 'sleep', 'timeout': 0}")))
                .contains("timeout must be between 1 and 604800 seconds, not 0 [item 0]");
        assertThat(error(run(cred, "{'command': 'sleep', 'agentWait': '={{ 100000 }}'}")))
                .contains("agentWait must be between 1 and 86400 seconds, not 100000 [item 0]");
        assertThat(error(run(cred, "{'command': 'yes', 'maxOutputBytes': -1}")))
                .contains("Max Output Bytes per Stream must be between 0 and 16777216, not -1 [item 0]");
    }

    @Test
    void aMissingOrMalformedCredentialIsNamed() {
        assertThat(error(run(null, "{'command': 'true'}")))
                .contains("Agent Command needs a credential of type hetumindTaskServer")
                .contains("[item 0]");
        assertThat(error(run(credential("ftp://scheduler:21", "http://127.0.0.1:1"), "{'command': 'true'}")))
                .contains("The credential's Task Server URL 'ftp://scheduler:21' is not an http(s) URL [item 0]");
        assertThat(error(run(credential("http://127.0.0.1:1", "not a url"), "{'command': 'true'}")))
                .contains("The credential's IAM URL 'not a url' is not an http(s) URL [item 0]");
    }

    @Test
    void anUnreachableIamIsNamedByHostAndPortWithoutTheKey() throws IOException {
        int port = closedPort();
        String message =
                error(run(credential("http://127.0.0.1:1", "http://127.0.0.1:" + port), "{'command': 'true'}"));
        assertThat(message)
                .contains("Agent Command could not reach IAM at 127.0.0.1:" + port)
                .contains("[item 0]")
                .doesNotContain(KEY);
    }

    @Test
    void theNetworkPolicyIsAskedBeforeConnecting() {
        NodeRunner runner = new NodeRunner(new AgentCommandNode())
                .credential("hetumindTaskServer", credential("http://127.0.0.1:1", "http://10.1.2.3:8081"))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly());
        String message = error(runner.run(1, NodeTests.json("{'command': 'true'}"), null));
        assertThat(message)
                .contains("Agent Command refused to connect to 10.1.2.3 (a private address)")
                .doesNotContain(KEY);
    }

    @Test
    void withContinueOnFailEachItemGetsItsError() throws IOException {
        ExecutionResult r = new NodeRunner(new AgentCommandNode())
                .credential("hetumindTaskServer", credential("http://127.0.0.1:1", "http://127.0.0.1:" + closedPort()))
                .onError(io.hetumind.core.model.OnError.CONTINUE)
                .run(
                        1,
                        NodeTests.json("{'command': '={{ $json.name }}'}"),
                        NodeTests.items("[{'name': ''}, {'name': 'b'}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        var out = r.output("Node", 0);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).json().get("error").asText()).contains("needs a command [item 0]");
        assertThat(out.get(1).json().get("error").asText())
                .contains("could not reach IAM")
                .contains("[item 1]");
    }
}
