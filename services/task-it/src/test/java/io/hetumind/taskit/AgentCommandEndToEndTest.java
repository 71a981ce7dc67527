package io.hetumind.taskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionHandle;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Agent Command node of {@code libs/nodes} run through the real engine against the real cluster: IAM, the
 * task-servers and two agents (labels {@code color=blue} and {@code color=green}) as processes from their jars.
 */
@Order(2)
class AgentCommandEndToEndTest {
    static final String NS = "cmd";
    static Cluster cluster;
    static Proc server;
    static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.get();
        server = cluster.servers.stream()
                .filter(s -> s.process.isAlive())
                .findFirst()
                .orElseThrow();
        String both = cluster.gateway(cluster.servers.get(0)) + "," + cluster.gateway(cluster.servers.get(1));
        cluster.startAgent("cmd-blue", NS, Map.of("color", "blue"), both);
        cluster.startAgent("cmd-green", NS, Map.of("color", "green"), both);
        apiKey = apiKey("job:read", "job:write");
    }

    static String apiKey(String... permissions) {
        return Api.post(
                        cluster.iam.base() + "/api/v1/api-keys",
                        cluster.ownerToken,
                        Map.of("name", "agent-command-" + UUID.randomUUID(), "permissions", List.of(permissions)))
                .path("secret")
                .asText();
    }

    static AgentCommandRunner runner() {
        return new AgentCommandRunner(server.base(), cluster.iam.base(), apiKey);
    }

    /** Node parameters: namespace cmd, {@code sh -c script} with extra arguments, and {@code more} on top. */
    static String params(String script, Map<String, Object> more, String... args) {
        ObjectNode p = Json.object().put("namespace", NS).put("command", "sh");
        var list = p.putObject("arguments").putArray("argument");
        list.addObject().put("value", "-c");
        list.addObject().put("value", script);
        list.addObject().put("value", "sh");
        for (String a : args) {
            list.addObject().put("value", a);
        }
        more.forEach((k, v) -> p.set(k, Json.valueToTree(v)));
        return p.toString();
    }

    static List<Item> items(String... names) {
        return java.util.Arrays.stream(names)
                .map(n -> Item.of(Json.object().put("name", n)))
                .toList();
    }

    static Map<String, Object> labels(String color) {
        return Map.of("label", List.of(Map.of("name", "color", "value", color)));
    }

    @Test
    void theNodeAndItsCredentialAreValidAtStart() {
        NodeRegistry nodes = NodeRegistry.load();
        assertThat(nodes.find("hetumind.agentCommand")).isPresent();
        assertThat(CredentialRegistry.load().checkNodes(nodes)).isEmpty();
    }

    @Test
    void echoWithArgumentsFromExpressionsAndEnvironmentPerItem() {
        var out = runner().run(
                        params(
                                "echo \"$1 $GREETING from $PWD\"; echo warn >&2",
                                Map.of(
                                        "environment",
                                        Map.of("variable", List.of(Map.of("name", "GREETING", "value", "hello"))),
                                        "workingDirectory",
                                        "/tmp"),
                                "={{ $json.name }}"),
                        items("Ada", "Bob"));
        assertThat(out.error()).isNull();
        assertThat(out.items()).hasSize(2);
        assertThat(out.items())
                .extracting(j -> j.get("stdout").asText())
                .containsExactly("Ada hello from /tmp", "Bob hello from /tmp");
        for (ObjectNode j : out.items()) {
            assertThat(j.get("exitCode").asInt()).isZero();
            assertThat(j.get("status").asText()).isEqualTo("succeeded");
            assertThat(j.get("stderr").asText()).isEqualTo("warn");
            assertThat(j.get("agent").asText()).isIn("'cmd-blue'", "'cmd-green'");
            assertThat(j.get("durationMs").asLong()).isBetween(0L, 60_000L);
            assertThat(j.get("truncated").asBoolean()).isFalse();
            JsonNode inst = cluster.instance(server, j.get("instanceId").asText());
            assertThat(inst.get("status").asText()).isEqualTo("succeeded");
        }
        // The runs are one-off: no job of theirs is listed.
        JsonNode jobs = Api.get(cluster.api(server) + "/jobs?limit=200", cluster.ownerToken);
        jobs.path("items").forEach(job -> assertThat(job.path("name").asText()).doesNotStartWith("run-"));
    }

    @Test
    void onceForAllItemsRunsOnce() {
        var out = runner().run(params("echo once", Map.of("mode", "runOnceForAllItems")), items("a", "b", "c"));
        assertThat(out.error()).isNull();
        assertThat(out.items()).hasSize(1);
        assertThat(out.items().getFirst().get("stdout").asText()).isEqualTo("once");
    }

    @Test
    void aNonZeroExitFailsTheItemOrIsCarriedByIt() {
        String script = "echo partial; echo 'disk full' >&2; exit 3";
        var failed = runner().run(params(script, Map.of()), items("x"));
        assertThat(failed.result().status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(failed.error())
                .contains("Command 'sh' exited with code 3 on agent 'cmd-")
                .contains("(job ")
                .contains("[item 0]")
                .contains("disk full");
        var carried = runner().run(params(script, Map.of("failOnNonZeroExit", false)), items("x"));
        assertThat(carried.error()).isNull();
        ObjectNode j = carried.items().getFirst();
        assertThat(j.get("exitCode").asInt()).isEqualTo(3);
        assertThat(j.get("status").asText()).isEqualTo("failed");
        assertThat(j.get("stdout").asText()).isEqualTo("partial");
        assertThat(j.get("stderr").asText()).isEqualTo("disk full");
    }

    @Test
    void labelsChooseTheAgent() {
        for (String color : List.of("green", "blue", "green")) {
            var out = runner().run(params("echo $HETUMIND_INSTANCE_ID", Map.of("labels", labels(color))), items("x"));
            assertThat(out.error()).isNull();
            ObjectNode j = out.items().getFirst();
            assertThat(j.get("agent").asText()).isEqualTo("'cmd-" + color + "'");
            assertThat(j.get("stdout").asText()).isEqualTo(j.get("instanceId").asText());
            JsonNode inst = cluster.instance(server, j.get("instanceId").asText());
            JsonNode agent = Api.get(
                    cluster.api(server) + "/agents/" + inst.get("agentId").asText(), cluster.ownerToken);
            assertThat(agent.get("labels").get("color").asText()).isEqualTo(color);
        }
    }

    @Test
    void noAgentWithTheLabelsFailsAfterTheWaitAndCancelsTheRun() {
        var out = runner().run(params("echo never", Map.of("labels", labels("purple"), "agentWait", 2)), items("x"));
        assertThat(out.error())
                .contains("No agent of namespace 'cmd' with labels {\"color\":\"purple\"}")
                .contains("within 2 s")
                .contains("[item 0]");
        String instance = out.error().replaceAll("(?s).*instance ([0-9a-f-]{36}).*", "$1");
        assertThat(cluster.instance(server, instance).get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void aCommandOverItsTimeoutIsKilledAndReported() {
        long t0 = System.nanoTime();
        var out = runner().run(params("sleep 30", Map.of("timeout", 1)), items("x"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(25));
        assertThat(out.error())
                .contains("Command 'sh' on agent 'cmd-")
                .contains("timed out after 1 s and was killed")
                .contains("[item 0]");
    }

    @Test
    void outputIsCutAtTheByteLimit() {
        var out = runner().run(params("seq 1 20000; echo done >&2", Map.of("maxOutputBytes", 100)), items("x"));
        assertThat(out.error()).isNull();
        ObjectNode j = out.items().getFirst();
        assertThat(j.get("stdout").asText()).startsWith("1\n2\n3\n").hasSizeLessThanOrEqualTo(100);
        assertThat(j.get("stdout").asText().length()).isGreaterThan(90);
        assertThat(j.get("stderr").asText()).isEqualTo("done");
        assertThat(j.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void cancelingTheWorkflowCancelsTheRunOnTheAgent() throws Exception {
        ExecutionHandle h = runner().start(params("echo started; sleep 60", Map.of()), items("x"));
        String instance = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (instance == null && System.nanoTime() < deadline) {
            JsonNode running =
                    Api.get(cluster.api(server) + "/task-instances?status=running&limit=200", cluster.ownerToken);
            for (JsonNode i : running.path("items")) {
                if (NS.equals(i.path("namespace").asText())) {
                    instance = i.get("id").asText();
                }
            }
            Proc.sleep(200);
        }
        assertThat(instance).as("the command is running on an agent").isNotNull();
        h.cancel("stopped by the test");
        assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(ExecutionStatus.CANCELED);
        String id = instance;
        AgentsEndToEndTest.eventually(
                () -> cluster.instance(server, id).get("status").asText(), "canceled"::equals, Duration.ofSeconds(15));
    }

    @Test
    void aBadApiKeyIsAClearErrorWithoutTheKey() {
        String wrong = "hmk_" + "x".repeat(40);
        var out = new AgentCommandRunner(server.base(), cluster.iam.base(), wrong)
                .run(params("true", Map.of()), items("x"));
        assertThat(out.error())
                .contains("IAM at 127.0.0.1:" + cluster.iam.port + " refused the credential's API key (401)")
                .contains("[item 0]")
                .doesNotContain(wrong)
                .doesNotContain("x".repeat(40));
    }

    @Test
    void aKeyWithoutJobWriteIsToldWhatItLacks() {
        String readOnly = apiKey("job:read");
        var out = new AgentCommandRunner(server.base(), cluster.iam.base(), readOnly)
                .run(params("true", Map.of()), items("x"));
        assertThat(out.error())
                .contains("The task-server at 127.0.0.1:" + server.port + " refused to start a run (403")
                .contains("needs the permissions job:read and job:write")
                .doesNotContain(readOnly);
    }

    @Test
    void anUnreachableTaskServerIsNamedByHostAndPort() {
        int closed = Proc.freePort();
        var out = new AgentCommandRunner("http://127.0.0.1:" + closed, cluster.iam.base(), apiKey)
                .run(params("true", Map.of()), items("x"));
        assertThat(out.error())
                .contains("could not reach the task-server at 127.0.0.1:" + closed)
                .contains("[item 0]")
                .doesNotContain(apiKey);
        var iamDown = new AgentCommandRunner(server.base(), "http://127.0.0.1:" + closed, apiKey)
                .run(params("true", Map.of()), items("x"));
        assertThat(iamDown.error()).contains("could not reach IAM at 127.0.0.1:" + closed);
    }

    @Test
    void theNetworkPolicyAppliesToTheTaskServer() {
        var refused = runner().policy(NetworkPolicy.publicOnly()).run(params("true", Map.of()), items("x"));
        assertThat(refused.error()).contains("refused to connect to 127.0.0.1").contains("loopback");
        var allowed = runner().policy(
                        NetworkPolicy.builder().allow(AddressClass.LOOPBACK).build())
                .run(params("echo ok", Map.of()), items("x"));
        assertThat(allowed.error()).isNull();
        assertThat(allowed.items().getFirst().get("stdout").asText()).isEqualTo("ok");
    }

    @Test
    void withContinueOnFailAFailedItemBecomesAnErrorItem() {
        var out = runner().continueOnFail()
                .run(params("test \"$1\" != bad", Map.of(), "={{ $json.name }}"), items("good", "bad"));
        assertThat(out.result().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(out.items()).hasSize(2);
        assertThat(out.items().get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(out.items().get(1).get("error").asText())
                .contains("exited with code 1")
                .contains("[item 1]");
    }
}
