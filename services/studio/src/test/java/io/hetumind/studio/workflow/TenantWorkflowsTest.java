package io.hetumind.studio.workflow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sub-workflows (Execute Workflow, source database) and error workflows ({@code settings.errorWorkflow}) resolve only
 * the run's tenant's workflows: another tenant's id is exactly as unknown as an id nobody has.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TenantWorkflowsTest {

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String create(Iam iam, String json) {
        return as(iam.ownerToken())
                .body(json)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static final String CHILD =
            """
            {"name":"child","nodes":[
             {"id":"1","name":"Start","type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
             {"id":"2","name":"Mark","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"includeOtherFields":true,"assignments":{"assignments":[{"id":"a","name":"by","value":"%s","type":"string"}]},"options":{}}}],
             "connections":{"Start":{"main":[[{"node":"Mark","type":"main","index":0}]]}}}
            """;

    static String parent(String childId) {
        return """
                {"name":"parent","nodes":[
                 {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                 {"id":"2","name":"Call","type":"n8n-nodes-base.executeWorkflow","typeVersion":1.2,"position":[200,0],
                  "parameters":{"source":"database","workflowId":{"__rl":true,"mode":"id","value":"%s"},"options":{}}}],
                 "connections":{"Manual Trigger":{"main":[[{"node":"Call","type":"main","index":0}]]}}}
                """
                .formatted(childId);
    }

    private static JsonPath run(Iam iam, String workflowId) {
        return as(iam.ownerToken())
                .body(Map.of("data", Map.of("n", 1), "mode", "inline"))
                .post("/api/v1/workflows/" + workflowId + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void executeWorkflowRunsOnlyTheTenantsOwnWorkflows() {
        Iam a = Iam.newTenant();
        Iam b = Iam.newTenant();
        String mine = create(a, CHILD.formatted("tenant a"));
        String theirs = create(b, CHILD.formatted("tenant b"));

        JsonPath ok = run(a, create(a, parent(mine)));
        assertThat(ok.getString("status")).isEqualTo("success");
        assertThat(ok.getString("runData.Call[0].data.main[0][0].json.by")).isEqualTo("tenant a");
        assertThat(ok.getInt("runData.Call[0].data.main[0][0].json.n")).isEqualTo(1);

        JsonPath foreign = run(a, create(a, parent(theirs)));
        String nobody = UUID.randomUUID().toString();
        JsonPath missing = run(a, create(a, parent(nobody)));
        assertThat(foreign.getString("status")).isEqualTo("error");
        assertThat(missing.getString("status")).isEqualTo("error");
        String foreignError = foreign.getString("runData.Call[0].error.message");
        assertThat(foreignError).isEqualTo("sub-workflow '" + theirs + "' not found");
        assertThat(foreignError.replace(theirs, "X"))
                .isEqualTo(missing.getString("runData.Call[0].error.message").replace(nobody, "X"));
        assertThat(foreign.getList("runData.Call[0].data.main[0]")).isNullOrEmpty();
        // tenant b's own parent does reach it
        assertThat(run(b, create(b, parent(theirs))).getString("runData.Call[0].data.main[0][0].json.by"))
                .isEqualTo("tenant b");
    }

    static String detachedParent(String childId, String mode) {
        return """
                {"name":"parent, not waiting","nodes":[
                 {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                 {"id":"2","name":"Call","type":"n8n-nodes-base.executeWorkflow","typeVersion":1.2,"position":[200,0],
                  "parameters":{"source":"database","mode":"%s","workflowId":{"__rl":true,"mode":"id","value":"%s"},
                   "options":{"waitForSubWorkflow":false}}}],
                 "connections":{"Manual Trigger":{"main":[[{"node":"Call","type":"main","index":0}]]}}}
                """
                .formatted(mode, childId);
    }

    private static List<Map<String, Object>> awaitExecutions(Iam iam, String workflowId, int count)
            throws InterruptedException {
        List<Map<String, Object>> runs = List.of();
        for (long end = System.currentTimeMillis() + 60_000;
                System.currentTimeMillis() < end
                        && (runs.size() < count || runs.stream().anyMatch(r -> !"success".equals(r.get("status"))));
                Thread.sleep(100)) {
            runs = executionsOf(iam, workflowId);
        }
        return runs;
    }

    @Test
    void aSubWorkflowNotWaitedForIsAQueuedExecutionOfItsOwnActingForTheCallersTenant() throws Exception {
        Iam a = Iam.newTenant();
        String child = create(a, CHILD.formatted("detached"));

        JsonPath parent = run(a, create(a, detachedParent(child, "once")));
        assertThat(parent.getString("status")).isEqualTo("success");
        // the node passes its input on at once, as n8n's does
        assertThat(parent.getInt("runData.Call[0].data.main[0][0].json.n")).isEqualTo(1);
        assertThat(parent.getString("runData.Call[0].data.main[0][0].json.by")).isNull();

        List<Map<String, Object>> runs = awaitExecutions(a, child, 1);
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst()).containsEntry("mode", "integrated").containsEntry("status", "success");
        JsonPath detail = as(a.ownerToken())
                .get("/api/v1/executions/" + runs.getFirst().get("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getString("runData.Mark[0].data.main[0][0].json.by")).isEqualTo("detached");
        assertThat(detail.getInt("runData.Mark[0].data.main[0][0].json.n")).isEqualTo(1);

        // mode "each": one execution per item
        String eachChild = create(a, CHILD.formatted("each"));
        String eachParent = create(a, detachedParent(eachChild, "each"));
        JsonPath two = as(a.ownerToken())
                .body(Map.of("items", List.of(Map.of("n", 1), Map.of("n", 2)), "mode", "inline"))
                .post("/api/v1/workflows/" + eachParent + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(two.getString("status")).isEqualTo("success");
        List<Map<String, Object>> eachRuns = awaitExecutions(a, eachChild, 2);
        assertThat(eachRuns).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("status", "success"));
    }

    @Test
    void aSubWorkflowNotWaitedForThatIsMissingOrAnotherTenantsFailsTheCallingNodeAndStartsNothing() throws Exception {
        Iam a = Iam.newTenant();
        Iam b = Iam.newTenant();
        String theirs = create(b, CHILD.formatted("tenant b"));
        String nobody = UUID.randomUUID().toString();

        JsonPath foreign = run(a, create(a, detachedParent(theirs, "once")));
        JsonPath missing = run(a, create(a, detachedParent(nobody, "once")));
        assertThat(foreign.getString("status")).isEqualTo("error");
        assertThat(foreign.getString("runData.Call[0].error.message"))
                .isEqualTo("sub-workflow '" + theirs + "' not found");
        assertThat(missing.getString("status")).isEqualTo("error");
        assertThat(missing.getString("runData.Call[0].error.message"))
                .isEqualTo("sub-workflow '" + nobody + "' not found");

        // a control: tenant b's own call starts its child, so tenant a's would have shown by then
        run(b, create(b, detachedParent(theirs, "once")));
        assertThat(awaitExecutions(b, theirs, 1)).hasSize(1);
        assertThat(executionsOf(b, theirs).getFirst()).containsEntry("mode", "integrated");
    }

    static final String ERROR_FLOW =
            """
            {"name":"on error","nodes":[
             {"id":"1","name":"Error Trigger","type":"n8n-nodes-base.errorTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
             {"id":"2","name":"Note","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"includeOtherFields":true,"assignments":{"assignments":[{"id":"a","name":"handled","value":"=failed in {{ $json.workflow.name }}","type":"string"}]},"options":{}}}],
             "connections":{"Error Trigger":{"main":[[{"node":"Note","type":"main","index":0}]]}}}
            """;

    static String failing(String path, String errorWorkflow) {
        return """
                {"name":"fails on call","settings":{"errorWorkflow":"%s"},"nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"GET","responseMode":"lastNode","options":{}}},
                 {"id":"2","name":"Explode","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],
                  "parameters":{"jsCode":"throw new Error('boom');"}}],
                 "connections":{"Webhook":{"main":[[{"node":"Explode","type":"main","index":0}]]}}}
                """
                .formatted(errorWorkflow, path);
    }

    private static List<Map<String, Object>> executionsOf(Iam iam, String workflowId) {
        return as(iam.ownerToken())
                .queryParam("workflowId", workflowId)
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** Fails a webhook workflow of tenant {@code token} whose error workflow is {@code errorWorkflow}; its execution id. */
    private static String failOnce(Iam token, String errorWorkflow) {
        String path = "fails-" + UUID.randomUUID().toString().substring(0, 8);
        String wf = create(token, failing(path, errorWorkflow));
        as(token.ownerToken())
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(200);
        given().get("/webhook/" + path).then().statusCode(500).body("message", equalTo("Error in workflow"));
        List<Map<String, Object>> runs = executionsOf(token, wf);
        assertThat(runs).hasSize(1);
        return (String) runs.getFirst().get("id");
    }

    @Test
    void aFailedTriggerRunStartsTheTenantsErrorWorkflowWithN8nsErrorItem() throws Exception {
        Iam a = Iam.newTenant();
        String onError = create(a, ERROR_FLOW);
        String failed = failOnce(a, onError);

        List<Map<String, Object>> runs = List.of();
        for (long end = System.currentTimeMillis() + 20_000;
                System.currentTimeMillis() < end
                        && (runs.isEmpty() || !"success".equals(runs.getFirst().get("status")));
                Thread.sleep(100)) {
            runs = executionsOf(a, onError);
        }
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst()).containsEntry("mode", "error").containsEntry("status", "success");
        JsonPath detail = as(a.ownerToken())
                .get("/api/v1/executions/" + runs.getFirst().get("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String item = "runData.Note[0].data.main[0][0].json.";
        assertThat(detail.getString(item + "execution.id")).isEqualTo(failed);
        assertThat(detail.getString(item + "execution.mode")).isEqualTo("webhook");
        assertThat(detail.getString(item + "execution.lastNodeExecuted")).isEqualTo("Explode");
        assertThat(detail.getString(item + "execution.error.message")).contains("boom");
        assertThat(detail.getString(item + "execution.url")).endsWith("/executions/" + failed);
        assertThat(detail.getString(item + "workflow.name")).isEqualTo("fails on call");
        assertThat(detail.getString(item + "handled")).isEqualTo("failed in fails on call");
    }

    @Test
    void anotherTenantsErrorWorkflowIsNeverStarted() throws Exception {
        Iam a = Iam.newTenant();
        Iam b = Iam.newTenant();
        String theirs = create(b, ERROR_FLOW);
        failOnce(a, theirs);
        // a control in tenant b proves error runs arrive within the wait below
        String own = create(b, ERROR_FLOW);
        failOnce(b, own);
        for (long end = System.currentTimeMillis() + 20_000;
                System.currentTimeMillis() < end && executionsOf(b, own).isEmpty();
                Thread.sleep(100)) {}
        assertThat(executionsOf(b, own)).hasSize(1);
        Thread.sleep(500);
        assertThat(executionsOf(b, theirs)).isEmpty();
    }

    @Test
    void manualRunsDoNotStartTheErrorWorkflow() throws Exception {
        Iam a = Iam.newTenant();
        String onError = create(a, ERROR_FLOW);
        String wf = create(
                a,
                """
                {"name":"manual fail","settings":{"errorWorkflow":"%s"},"nodes":[
                 {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                 {"id":"2","name":"Explode","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],
                  "parameters":{"jsCode":"throw new Error('boom');"}}],
                 "connections":{"Manual Trigger":{"main":[[{"node":"Explode","type":"main","index":0}]]}}}
                """
                        .formatted(onError));
        assertThat(run(a, wf).getString("status")).isEqualTo("error");
        // a webhook failure of the same tenant afterwards does arrive, so a manual one would have too
        failOnce(a, onError);
        for (long end = System.currentTimeMillis() + 20_000;
                System.currentTimeMillis() < end && executionsOf(a, onError).isEmpty();
                Thread.sleep(100)) {}
        Thread.sleep(500);
        List<Map<String, Object>> runs = executionsOf(a, onError);
        assertThat(runs).hasSize(1);
    }
}
