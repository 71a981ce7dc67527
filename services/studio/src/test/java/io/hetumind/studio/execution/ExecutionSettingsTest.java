package io.hetumind.studio.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.engine.PreparedWorkflows;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * n8n's per-workflow execution settings against the real database: which executions keep their records, progress
 * stored per node or only at the end, and the execution timeout.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ExecutionSettingsTest {
    @Inject
    ExecutionService executions;

    @Inject
    ExecutionsConfig config;

    @Inject
    PreparedWorkflows prepared;

    /** Manual Trigger → Set, with {@code settings}. */
    private static String hello(String settings) {
        return """
            {"name": "Hello", "settings": %s, "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "g", "name": "Greet", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "greeting", "value": "={{ 'Hello, ' + ($json.name || 'world') }}", "type": "string"}]}, "options": {}}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]}}}
            """
                .formatted(settings);
    }

    /** Manual Trigger → Code that throws, with {@code settings}. */
    private static String fails(String settings) {
        return """
            {"name": "Fails", "settings": %s, "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "f", "name": "Explode", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
               "parameters": {"jsCode": "throw new Error('boom');"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Explode", "type": "main", "index": 0}]]}}}
            """
                .formatted(settings);
    }

    /** Manual Trigger → Wait {@code seconds} (held on the thread: shorter than park-after) → Set. */
    private static String waits(String settings, int seconds) {
        return """
            {"name": "Waits", "settings": %s, "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "w", "name": "Wait", "type": "hetumind.wait", "typeVersion": 1.1, "position": [200, 0],
               "parameters": {"resume": "timeInterval", "amount": %d, "unit": "seconds"}},
              {"id": "g", "name": "After", "type": "hetumind.set", "typeVersion": 3.4, "position": [400, 0],
               "parameters": {"mode": "manual", "assignments": {"assignments": [
                 {"id": "a1", "name": "done", "value": "yes", "type": "string"}]}, "options": {}}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Wait", "type": "main", "index": 0}]]},
                             "Wait": {"main": [[{"node": "After", "type": "main", "index": 0}]]}}}
            """
                .formatted(settings, seconds);
    }

    private ExecutionResult run(UUID tenant, UUID wf, String mode, Executions.Placement placement) throws Exception {
        return start(tenant, wf, mode, placement).result().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Executions.StartedExecution start(UUID tenant, UUID wf, String mode, Executions.Placement placement) {
        return executions.start(new Executions.Launch(tenant, wf, 1, mode, null, null, placement, null, null));
    }

    private static long records(String id) {
        return Fixtures.count("SELECT count(*) FROM studio.execution WHERE id = ?::uuid", id);
    }

    private static long checkpoints(String id) {
        return Fixtures.count("SELECT count(*) FROM studio.execution_checkpoint WHERE id = ?", id);
    }

    private static long queueRows(String id) {
        return Fixtures.count("SELECT count(*) FROM studio.execution_queue WHERE id = ?::uuid", id);
    }

    @Test
    void successNotSavedStillRunsAndAnswersThenLeavesNoTrace() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID none = Fixtures.saveWorkflow(tenant, hello("{\"saveDataSuccessExecution\": \"none\"}"));
        for (Executions.Placement placement : Executions.Placement.values()) {
            var started = start(tenant, none, "webhook", placement);
            ExecutionResult r = started.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
            // the caller (a webhook answering from the run) still gets the whole run
            assertThat(r.state().status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.state().lastNodeExecuted()).isEqualTo("Greet");
            String id = started.executionId();
            assertThat(records(id)).as("record of %s run", placement).isZero();
            assertThat(checkpoints(id)).isZero();
            assertThat(queueRows(id)).isZero();
        }
        // 'all' (and the default) keep it
        for (String settings : new String[] {"{\"saveDataSuccessExecution\": \"all\"}", "{}"}) {
            UUID all = Fixtures.saveWorkflow(tenant, hello(settings));
            var started = start(tenant, all, "webhook", Executions.Placement.INLINE);
            started.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(Fixtures.count(
                            "SELECT count(*) FROM studio.execution WHERE id = ?::uuid AND status = 'success'"
                                    + " AND data IS NOT NULL",
                            started.executionId()))
                    .isEqualTo(1);
        }
    }

    @Test
    void errorSettingDecidesForFailedRunsOnly() throws Exception {
        UUID tenant = UUID.randomUUID();
        String noErrors = "{\"saveDataErrorExecution\": \"none\", \"saveDataSuccessExecution\": \"all\"}";
        UUID failing = Fixtures.saveWorkflow(tenant, fails(noErrors));
        var failed = start(tenant, failing, "trigger", Executions.Placement.QUEUED);
        ExecutionResult r = failed.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(r.state().status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(records(failed.executionId())).isZero();
        assertThat(checkpoints(failed.executionId())).isZero();
        // the same settings keep a success
        UUID ok = Fixtures.saveWorkflow(tenant, hello(noErrors));
        var succeeded = start(tenant, ok, "trigger", Executions.Placement.QUEUED);
        succeeded.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(records(succeeded.executionId())).isEqualTo(1);
        // and 'all' keeps the failure
        UUID kept = Fixtures.saveWorkflow(tenant, fails("{\"saveDataErrorExecution\": \"all\"}"));
        var keptRun = start(tenant, kept, "trigger", Executions.Placement.INLINE);
        keptRun.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(Fixtures.count(
                        "SELECT count(*) FROM studio.execution WHERE id = ?::uuid AND status = 'error'",
                        keptRun.executionId()))
                .isEqualTo(1);
    }

    @Test
    void manualRunsFollowSaveManualExecutionsWhateverTheOutcome() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        // saveDataSuccessExecution does not apply to manual runs; saveManualExecutions does
        UUID notKept = Fixtures.saveWorkflow(
                tenant, hello("{\"saveManualExecutions\": false, \"saveDataSuccessExecution\": \"all\"}"));
        String id = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("data", Map.of("name", "Ada")))
                .post("/api/v1/workflows/" + notKept + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("runData.Greet[0].data.main[0][0].json.greeting", equalTo("Hello, Ada"))
                .extract()
                .path("executionId");
        given().auth().oauth2(token).get("/api/v1/executions/" + id).then().statusCode(404);
        assertThat(checkpoints(id)).isZero();

        UUID kept = Fixtures.saveWorkflow(
                tenant, fails("{\"saveManualExecutions\": true, \"saveDataErrorExecution\": \"none\"}"));
        var run = start(tenant, kept, "manual", Executions.Placement.INLINE);
        run.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        given().auth()
                .oauth2(token)
                .get("/api/v1/executions/" + run.executionId())
                .then()
                .statusCode(200)
                .body("status", equalTo("error"));
    }

    @Test
    void aWaitingExecutionIsKeptWhateverTheSettings() throws Exception {
        UUID tenant = UUID.randomUUID();
        String json = Fixtures.WAITS.replace(
                "{\"name\": \"Waits\",",
                "{\"name\": \"Waits\", \"settings\": {\"saveDataSuccessExecution\": \"none\","
                        + " \"saveDataErrorExecution\": \"none\", \"saveManualExecutions\": false},");
        UUID wf = Fixtures.saveWorkflow(tenant, json);
        var started = start(tenant, wf, "trigger", Executions.Placement.INLINE);
        ExecutionResult r = started.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(r.state().status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(Fixtures.count(
                        "SELECT count(*) FROM studio.execution WHERE id = ?::uuid AND status = 'waiting'",
                        started.executionId()))
                .isEqualTo(1);
        executions.cancel(tenant, UUID.fromString(started.executionId()));
    }

    @Test
    void progressIsStoredPerNodeOrOnlyAtTheEnd() throws Exception {
        UUID tenant = UUID.randomUUID();
        for (boolean progress : new boolean[] {true, false}) {
            UUID wf = Fixtures.saveWorkflow(tenant, waits("{\"saveExecutionProgress\": " + progress + "}", 2));
            var started = start(tenant, wf, "trigger", Executions.Placement.INLINE);
            String id = started.executionId();
            // while the Wait node holds the run, the checkpoint shows the finished trigger — or nothing yet
            long deadline = System.currentTimeMillis() + 1500;
            long seen = 0;
            while (System.currentTimeMillis() < deadline && seen == 0) {
                seen = checkpoints(id);
                Thread.sleep(50);
            }
            assertThat(started.result().toCompletableFuture().isDone()).isFalse();
            assertThat(seen)
                    .as("checkpoint during the run, saveExecutionProgress=%s", progress)
                    .isEqualTo(progress ? 1 : 0);
            ExecutionResult r = started.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(r.state().status()).isEqualTo(ExecutionStatus.SUCCESS);
            // either way the end is stored
            assertThat(checkpoints(id)).isEqualTo(1);
            assertThat(Fixtures.count(
                            "SELECT count(*) FROM studio.execution WHERE id = ?::uuid AND status = 'success'", id))
                    .isEqualTo(1);
        }
    }

    @Test
    void executionTimeoutCancelsTheRunWithAClearError() throws Exception {
        Iam iam = Iam.newTenant();
        String token = iam.ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        UUID wf = Fixtures.saveWorkflow(tenant, waits("{\"executionTimeout\": 1}", 4));
        long began = System.currentTimeMillis();
        var started = start(tenant, wf, "trigger", Executions.Placement.QUEUED);
        ExecutionResult r = started.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(System.currentTimeMillis() - began).isLessThan(3500);
        assertThat(r.state().status()).isEqualTo(ExecutionStatus.CANCELED);
        given().auth()
                .oauth2(token)
                .get("/api/v1/executions/" + started.executionId())
                .then()
                .statusCode(200)
                .body("status", equalTo("canceled"))
                .body("error.message", containsString("timed out after 1000 ms"));
        // -1 is no timeout: the same wait finishes
        UUID none = Fixtures.saveWorkflow(tenant, waits("{\"executionTimeout\": -1}", 1));
        assertThat(run(tenant, none, "trigger", Executions.Placement.INLINE)
                        .state()
                        .status())
                .isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void studioDefaultsApplyWhereTheWorkflowSaysNothingOrDefault() {
        WorkflowSettings unset = WorkflowSettings.DEFAULT;
        SaveSettings d = SaveSettings.of(unset, config);
        // the shipped defaults: keep everything, store progress per node
        assertThat(d).isEqualTo(new SaveSettings(true, true, true, true));
        assertThat(SaveSettings.of(unset, new Defaults(ExecutionsConfig.Save.none, false, false)))
                .isEqualTo(new SaveSettings(false, false, false, false));
        WorkflowSettings explicit = new WorkflowSettings(0, null, "UTC", 0, "v1", "all", "none", true, false);
        assertThat(SaveSettings.of(explicit, new Defaults(ExecutionsConfig.Save.none, false, true)))
                .isEqualTo(new SaveSettings(true, false, true, false));
        assertThat(d.keeps("manual", "error")).isTrue();
        assertThat(new SaveSettings(true, true, false, true).keeps("manual", "success"))
                .isFalse();
        assertThat(new SaveSettings(false, false, false, true).keeps("webhook", "waiting"))
                .isTrue();
        assertThat(new SaveSettings(false, true, true, true).keeps("webhook", "canceled"))
                .isTrue();
        // timeouts: none by default, a workflow's own cut to max-timeout (3600 s), -1 stays none
        assertThat(prepared.withTimeout(unset).timeoutMs()).isZero();
        assertThat(prepared.withTimeout(unset.withTimeoutMs(7_200_000)).timeoutMs())
                .isEqualTo(3_600_000);
        assertThat(prepared.withTimeout(unset.withTimeoutMs(-1)).timeoutMs()).isEqualTo(-1);
        assertThat(prepared.withTimeout(unset.withTimeoutMs(5_000)).timeoutMs()).isEqualTo(5_000);
    }

    @Test
    void badSettingsAreRefusedWhenSaved() {
        Iam iam = Iam.newTenant();
        for (String bad : new String[] {
            "{\"saveDataSuccessExecution\": \"some\"}",
            "{\"saveManualExecutions\": \"yes\"}",
            "{\"saveExecutionProgress\": 1}",
            "{\"executionTimeout\": -5}"
        }) {
            given().auth()
                    .oauth2(iam.ownerToken())
                    .contentType(ContentType.JSON)
                    .body(hello(bad))
                    .post("/api/v1/workflows")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(Fixtures.count(
                        "SELECT count(*) FROM studio.workflow WHERE tenant_id = ?",
                        Fixtures.tenantOf(iam.ownerToken())))
                .isZero();
    }

    /** Studio-wide settings as an operator might set them (only what {@link SaveSettings} reads). */
    private record Defaults(ExecutionsConfig.Save save, boolean manual, boolean progress) implements ExecutionsConfig {
        @Override
        public Save saveDataSuccessExecution() {
            return save;
        }

        @Override
        public Save saveDataErrorExecution() {
            return save;
        }

        @Override
        public boolean saveManualExecutions() {
            return manual;
        }

        @Override
        public boolean saveExecutionProgress() {
            return progress;
        }

        @Override
        public long timeout() {
            return -1;
        }

        @Override
        public long maxTimeout() {
            return 3600;
        }

        @Override
        public boolean pruneEnabled() {
            return true;
        }

        @Override
        public int pruneMaxAgeHours() {
            return 336;
        }

        @Override
        public int pruneMaxCount() {
            return 100_000;
        }

        @Override
        public int partitionsAhead() {
            return 3;
        }
    }
}
