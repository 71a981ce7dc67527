package io.hetumind.taskserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Poll-mode dispatch over real WebSockets: labels, acks, de-duplication, retries, logs. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class DispatchTest {
    static Iam acme;

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + acme.ownerToken()).contentType(ContentType.JSON);
    }

    static String job(String ns, String name, Map<String, String> labels, int retries) {
        return api().body(Map.of(
                        "name", name,
                        "namespace", ns,
                        "command", "true",
                        "timeoutMs", 60_000,
                        "maxRetries", retries,
                        "retryBackoffMs", 0,
                        "labels", labels))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String trigger(String job) {
        return api().post("/api/v1/jobs/" + job + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String status(String instance) {
        return api().get("/api/v1/task-instances/" + instance)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    @Test
    void onlyAnAgentWithTheLabelsGetsTheInstance() throws Exception {
        String job = job("labels", "gpu-job", Map.of("gpu", "true"), 0);
        try (AgentClient plain = AgentClient.connect(acme.agentToken("labels"));
                AgentClient gpu = AgentClient.connect(acme.agentToken("labels"))) {
            plain.register("plain", Map.of("os", "linux"), 2, List.of());
            gpu.register("gpu", Map.of("os", "linux", "gpu", "true"), 2, List.of());
            plain.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(2));
            String inst = trigger(job);
            Messages.TaskDispatch d = gpu.acquire(1, 5000);
            assertThat(d.instances()).extracting(Messages.Dispatch::instanceId).containsExactly(UUID.fromString(inst));
            assertThat(d.instances().getFirst().command()).isEqualTo("true");
            // checked at once: this test client sends no heartbeats, so after dead-after (4 s) the
            // leader rightly marks the gpu agent dead and its instance lost
            assertThat(status(inst)).isEqualTo("dispatched");
            api().get("/api/v1/task-instances/" + inst)
                    .then()
                    .body("agentId", equalTo(gpu.agentId().toString()));
            // The plain agent's parked acquire ends empty after the acquire wait: it never got the gpu job.
            Messages.TaskDispatch empty = plain.next(Kind.TASK_DISPATCH, 6000).payload(Messages.TaskDispatch.class);
            assertThat(empty.instances()).isEmpty();
        }
    }

    @Test
    void anotherNamespaceOrTenantNeverGetsTheInstance() throws Exception {
        String job = job("ns-a", "scoped", Map.of(), 0);
        Iam stranger = Iam.newTenant();
        try (AgentClient otherNs = AgentClient.connect(acme.agentToken("ns-b"));
                AgentClient otherTenant = AgentClient.connect(stranger.agentToken("ns-a"))) {
            otherNs.register("b", Map.of(), 1, List.of());
            otherTenant.register("t", Map.of(), 1, List.of());
            String inst = trigger(job);
            otherNs.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            otherTenant.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            assertThat(otherNs.next(Kind.TASK_DISPATCH, 5000)
                            .payload(Messages.TaskDispatch.class)
                            .instances())
                    .isEmpty();
            assertThat(otherTenant
                            .next(Kind.TASK_DISPATCH, 5000)
                            .payload(Messages.TaskDispatch.class)
                            .instances())
                    .isEmpty();
            assertThat(status(inst)).isEqualTo("queued");
        }
    }

    @Test
    void aRunReportedByTheAgentEndsSucceededWithItsLogOnceEvenWhenResent() throws Exception {
        String job = job("run", "echo", Map.of(), 0);
        String inst = trigger(job);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("run"))) {
            agent.register("runner", Map.of(), 1, List.of());
            UUID id = agent.acquire(1, 5000).instances().getFirst().instanceId();
            assertThat(id.toString()).isEqualTo(inst);
            assertThat(agent.update(AgentClient.event(id, "started", null)).ok())
                    .isTrue();
            assertThat(status(inst)).isEqualTo("running");
            Messages.InstanceUpdate lines = AgentClient.log(id, 0, "one", "two");
            UUID msg = agent.send(Kind.INSTANCE_UPDATE, lines);
            assertThat(agent.ackOf(msg).ok()).isTrue();
            // A resend (same message id) and an overlapping chunk store nothing twice.
            agent.sendRaw(io.hetumind.core.task.Protocol.encode(msg, Kind.INSTANCE_UPDATE, lines));
            assertThat(agent.ackOf(msg).ok()).isTrue();
            assertThat(agent.update(AgentClient.log(id, 1, "two", "three")).ok())
                    .isTrue();
            assertThat(agent.update(AgentClient.event(id, "succeeded", 0)).ok()).isTrue();
            Messages.Ack late = agent.update(AgentClient.event(id, "failed", 1));
            assertThat(late.ok()).isFalse();
            assertThat(late.retry()).isFalse();
        }
        api().get("/api/v1/task-instances/" + inst)
                .then()
                .body("status", equalTo("succeeded"))
                .body("exitCode", equalTo(0));
        List<String> text = api().get("/api/v1/task-instances/" + inst + "/logs")
                .then()
                .statusCode(200)
                .body("complete", equalTo(true))
                .extract()
                .path("lines.line");
        assertThat(text).containsExactly("one", "two", "three");
        String followed = api().queryParam("follow", true)
                .get("/api/v1/task-instances/" + inst + "/logs")
                .then()
                .statusCode(200)
                .contentType("application/x-ndjson")
                .extract()
                .asString();
        assertThat(followed.lines().toList()).hasSize(3).last().asString().contains("\"line\":\"three\"");
    }

    @Test
    void aFailedInstanceIsRetriedPerPolicyAndAnUpdateForAnotherAgentsInstanceIsRefused() throws Exception {
        String job = job("retry", "flaky", Map.of(), 1);
        String first = trigger(job);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("retry"));
                AgentClient intruder = AgentClient.connect(acme.agentToken("retry"))) {
            agent.register("a", Map.of(), 1, List.of());
            intruder.register("i", Map.of(), 1, List.of());
            UUID id = agent.acquire(1, 5000).instances().getFirst().instanceId();
            Messages.Ack refused = intruder.update(AgentClient.event(id, "started", null));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.reason()).isEqualTo("unknown-instance");
            agent.update(AgentClient.event(id, "failed", 3));
            Messages.Dispatch again = agent.acquire(1, 5000).instances().getFirst();
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(again.instanceId().toString()).isNotEqualTo(first);
            agent.update(AgentClient.event(again.instanceId(), "started", null));
            agent.update(AgentClient.event(again.instanceId(), "failed", 3));
        }
        assertThat(status(first)).isEqualTo("failed");
        List<Integer> attempts = api().queryParam("jobId", job)
                .get("/api/v1/task-instances")
                .then()
                .extract()
                .path("items.attempt");
        assertThat(attempts).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aCancelReachesTheAgentThatRunsTheInstance() throws Exception {
        String job = job("cancel", "long", Map.of(), 0);
        String inst = trigger(job);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("cancel"))) {
            agent.register("c", Map.of(), 1, List.of());
            UUID id = agent.acquire(1, 5000).instances().getFirst().instanceId();
            agent.update(AgentClient.event(id, "started", null));
            api().post("/api/v1/task-instances/" + inst + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("cancelRequested", equalTo(true));
            var cancel = agent.next(Kind.CANCEL, 5000);
            assertThat(cancel.payload(Messages.Cancel.class).instanceId()).isEqualTo(id);
            agent.send(Kind.ACK, new Messages.Ack(cancel.id(), true, false, null));
            agent.update(AgentClient.event(id, "canceled", 143));
        }
        assertThat(status(inst)).isEqualTo("canceled");
    }

    @Test
    void drainStopsDispatchAndAgentsAreListed() throws Exception {
        String job = job("drain", "d", Map.of(), 0);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("drain"))) {
            UUID id = agent.register("drained", Map.of(), 1, List.of());
            api().post("/api/v1/agents/" + id + "/drain").then().statusCode(200).body("mode", equalTo("draining"));
            agent.send(Kind.HEARTBEAT, new Messages.Heartbeat(0.5, 1, 2, 3, 0));
            // The mode reaches this server's session within a flush; the next heartbeat reply carries it.
            long deadline = System.currentTimeMillis() + 5000;
            List<String> commands = List.of();
            while (commands.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(300);
                agent.send(Kind.HEARTBEAT, new Messages.Heartbeat(0.5, 1, 2, 3, 0));
                commands = agent.next(Kind.HEARTBEAT_REPLY)
                        .payload(Messages.HeartbeatReply.class)
                        .commands();
            }
            assertThat(commands).containsExactly("draining");
            String inst = trigger(job);
            Messages.TaskDispatch none = agent.acquire(1, 5000);
            assertThat(none.instances()).isEmpty();
            assertThat(status(inst)).isEqualTo("queued");
            List<String> names =
                    api().get("/api/v1/agents").then().statusCode(200).extract().path("items.name");
            assertThat(names).contains("drained");
            api().post("/api/v1/agents/" + id + "/disable").then().statusCode(200);
            assertThat(agent.closeCode(5000)).isEqualTo(4403);
        }
    }
}
