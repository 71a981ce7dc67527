package io.hetumind.taskserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One-off runs ({@code POST /api/v1/runs}): queued on an agent with the labels, read and followed as any instance,
 * not listed as jobs, tenant-scoped and permission-checked, bad input a problem that stores nothing, pruned after the
 * retention (5 s in the test profile) after it ended.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class RunApiTest {
    static Iam acme;
    static Iam other;

    @BeforeAll
    static void tenants() {
        acme = Iam.newTenant();
        other = Iam.newTenant();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    static void problem(Response r, int status, String slug) {
        r.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/" + slug));
    }

    /** An access token for a new API key of {@code who}'s tenant with {@code permissions}. */
    static String apiKeyToken(Iam who, String... permissions) {
        String secret = given().baseUri(who.baseUrl())
                .header("Authorization", "Bearer " + who.ownerToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "key-" + UUID.randomUUID(), "permissions", List.of(permissions)))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        return given().baseUri(who.baseUrl())
                .contentType(ContentType.JSON)
                .body(Map.of("secret", secret))
                .post("/api/v1/auth/api-key")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    @Test
    void aRunGoesToAnAgentWithTheLabelsAndIsReadLikeAnyInstance() throws Exception {
        String token = apiKeyToken(acme, "job:read", "job:write");
        Map<String, Object> inst = as(token)
                .body(Map.of(
                        "namespace",
                        "runs",
                        "command",
                        "echo",
                        "args",
                        List.of("hi", "there"),
                        "env",
                        Map.of("WHO", "me"),
                        "timeoutMs",
                        30_000,
                        "labels",
                        Map.of("gpu", "true")))
                .post("/api/v1/runs")
                .then()
                .statusCode(201)
                .body("status", equalTo("queued"))
                .body("attempt", equalTo(1))
                .body("labels.gpu", equalTo("true"))
                .extract()
                .as(Map.class);
        String id = (String) inst.get("id");
        as(token)
                .get("/api/v1/tasks/" + inst.get("taskId"))
                .then()
                .statusCode(200)
                .body("trigger", equalTo("run"));
        as(token)
                .get("/api/v1/jobs/" + inst.get("jobId"))
                .then()
                .statusCode(200)
                .body("ephemeral", equalTo(true))
                .body("command", equalTo("echo"))
                .body("maxRetries", equalTo(0));
        List<String> listed =
                as(token).get("/api/v1/jobs").then().statusCode(200).extract().path("items.id");
        assertThat(listed).doesNotContain((String) inst.get("jobId"));
        try (AgentClient plain = AgentClient.connect(acme.agentToken("runs"));
                AgentClient gpu = AgentClient.connect(acme.agentToken("runs"))) {
            plain.register("plain", Map.of(), 1, List.of());
            gpu.register("gpu", Map.of("gpu", "true"), 1, List.of());
            plain.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            Messages.Dispatch d = gpu.acquire(1, 5000).instances().getFirst();
            assertThat(d.instanceId().toString()).isEqualTo(id);
            assertThat(d.command()).isEqualTo("echo");
            assertThat(d.args()).containsExactly("hi", "there");
            assertThat(d.env()).containsEntry("WHO", "me");
            UUID uid = d.instanceId();
            assertThat(gpu.update(AgentClient.event(uid, "started", null)).ok()).isTrue();
            assertThat(gpu.update(AgentClient.log(uid, 0, "hi there")).ok()).isTrue();
            assertThat(gpu.update(AgentClient.event(uid, "succeeded", 0)).ok()).isTrue();
            as(token)
                    .get("/api/v1/task-instances/" + id)
                    .then()
                    .body("status", equalTo("succeeded"))
                    .body("exitCode", equalTo(0));
            List<String> lines = as(token)
                    .get("/api/v1/task-instances/" + id + "/logs")
                    .then()
                    .statusCode(200)
                    .body("complete", equalTo(true))
                    .extract()
                    .path("lines.line");
            assertThat(lines).containsExactly("hi there");
            // Another tenant sees nothing of it.
            problem(as(other.ownerToken()).get("/api/v1/task-instances/" + id), 404, "not-found");
            problem(as(other.ownerToken()).post("/api/v1/task-instances/" + id + "/cancel"), 404, "not-found");
            // The agent without the label never got it: its parked acquire ends empty.
            assertThat(plain.next(Kind.TASK_DISPATCH, 6000)
                            .payload(Messages.TaskDispatch.class)
                            .instances())
                    .isEmpty();
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("sched_runs_total(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void aRunNeedsJobWriteAndValidInputAndABadOneStoresNothing() {
        var before = Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox");
        Map<String, Object> ok = Map.of("namespace", "runs", "command", "true");
        problem(as(apiKeyToken(acme, "job:read")).body(ok).post("/api/v1/runs"), 403, "forbidden");
        problem(given().contentType(ContentType.JSON).body(ok).post("/api/v1/runs"), 401, "unauthorized");
        problem(as(acme.agentToken("runs")).body(ok).post("/api/v1/runs"), 403, "forbidden");
        String owner = acme.ownerToken();
        problem(as(owner).body("{\"namespace\":").post("/api/v1/runs"), 400, "malformed-json");
        problem(as(owner).body(Map.of("namespace", "runs")).post("/api/v1/runs"), 400, "validation");
        problem(as(owner).body(Map.of("namespace", "Not OK", "command", "ls")).post("/api/v1/runs"), 400, "validation");
        problem(
                as(owner)
                        .body(Map.of("namespace", "runs", "command", "ls", "timeoutMs", 1))
                        .post("/api/v1/runs"),
                400,
                "validation");
        problem(
                as(owner)
                        .body(Map.of("namespace", "runs", "command", "ls", "name", "x"))
                        .post("/api/v1/runs"),
                400,
                "malformed-json");
        assertThat(Schemas.fingerprint("sched", "lease", "server", "agent", "namespace_binding", "inbox"))
                .isEqualTo(before);
    }

    @Test
    void anEndedRunIsPrunedAfterTheRetentionAndAnActiveOneIsKept() throws Exception {
        String owner = acme.ownerToken();
        String ended = as(owner)
                .body(Map.of("namespace", "prune", "command", "true"))
                .post("/api/v1/runs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(owner)
                .post("/api/v1/task-instances/" + ended + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("canceled"));
        String queued = as(owner)
                .body(Map.of("namespace", "prune", "command", "true"))
                .post("/api/v1/runs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long deadline = System.currentTimeMillis() + 20_000;
        while (as(owner).get("/api/v1/task-instances/" + ended).statusCode() == 200) {
            assertThat(System.currentTimeMillis())
                    .as("the ended run is pruned within 20 s")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
        problem(as(owner).get("/api/v1/task-instances/" + ended + "/logs"), 404, "not-found");
        as(owner).get("/api/v1/task-instances/" + queued).then().statusCode(200).body("status", equalTo("queued"));
        as(owner).post("/api/v1/task-instances/" + queued + "/cancel").then().statusCode(200);
    }
}
