package io.hetumind.studio.temporal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.LiveEvents;
import io.hetumind.studio.live.Notices;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.RunDataTimes;
import io.hetumind.studio.testsupport.TemporalByDefault;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The debugger on a studio configured for Temporal ({@link TemporalByDefault}): a run started with breakpoints goes to
 * Temporal, is held there at the node (the same {@code /paused}, {@code /evaluate}, {@code /continue} and cancel as
 * natively, the same 409s), and once continued records the run data and the live events of the same run held and
 * continued natively.
 */
@QuarkusTest
@TestProfile(TemporalByDefault.class)
@WithTestResource(IamAndDatabase.class)
class TemporalDebuggerTest {
    private static final String HELLO =
            """
            {"name": "Hello", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "g", "name": "Greet", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "includeOtherFields": true, "assignments": {"assignments": [
                 {"id": "a1", "name": "greeting", "value": "={{ 'Hello, ' + ($json.name || 'world') }}", "type": "string"}]}, "options": {}}},
              {"id": "d", "name": "Done", "type": "hetumind.noOp", "typeVersion": 1, "position": [400, 0], "parameters": {}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]},
                             "Greet": {"main": [[{"node": "Done", "type": "main", "index": 0}]]}}}
            """;

    @Inject
    ExecutionService executions;

    @Inject
    DataSource db;

    private final String token = Iam.newTenant().ownerToken();
    private final UUID tenant = Fixtures.tenantOf(token);

    private RequestSpecification as() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /**
     * Polls until the execution is held at {@code node}, {@code when} ({@code before}/{@code after}): a continue goes
     * on in the background, so the hold it releases may still be what {@code /paused} shows for a moment.
     */
    private Response heldAt(String id, String node, String when) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response r = as().get("/api/v1/executions/" + id + "/paused");
            if ((r.statusCode() == 200 && node.equals(r.path("node")) && when.equals(r.path("when")))
                    || System.currentTimeMillis() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    private Response settled(String id, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response r = as().get("/api/v1/executions/" + id);
            if (status.equals(r.path("status")) || System.currentTimeMillis() > deadline) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    private String executor(String id) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT launch->>'executor' FROM execution WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Holds a run before Greet and after it, inspects it at each hold and continues it to its end. */
    private JsonNode debugged(String id) throws Exception {
        JsonNode before = Json.parse(heldAt(id, "Greet", "before")
                .then()
                .statusCode(200)
                .body("when", equalTo("before"))
                .body("inputs[0][0].json.name", equalTo("Ada"))
                .body("outputs.size()", equalTo(0))
                .extract()
                .asString());
        as().body(Map.of("expression", "$json.name + '!'"))
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(200)
                .body("value", equalTo("Ada!"));
        as().body(Map.of("expression", "$json.name", "item", 3))
                .post("/api/v1/executions/" + id + "/evaluate")
                .then()
                .statusCode(400);
        as().get("/api/v1/executions/" + id)
                .then()
                .body("status", equalTo("waiting"))
                .body("waitReason", equalTo("breakpoint"))
                .body("runData.Greet", nullValue());
        as().body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(202);
        JsonNode after = Json.parse(heldAt(id, "Greet", "after")
                .then()
                .statusCode(200)
                .body("when", equalTo("after"))
                .body("outputs[0][0].json.greeting", equalTo("Hello, Ada"))
                .extract()
                .asString());
        as().body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(202);
        Response done = settled(id, "success");
        done.then()
                .body("status", equalTo("success"))
                .body("runData.Done[0].data.main[0][0].json.greeting", equalTo("Hello, Ada"));
        as().get("/api/v1/executions/" + id + "/paused").then().statusCode(409);
        as().body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(409);
        ObjectNode out = Json.object();
        ((ObjectNode) before).remove("executionId");
        ((ObjectNode) after).remove("executionId");
        out.set("before", before);
        out.set("after", after);
        out.set(
                "runData",
                RunDataTimes.removed(Json.parse(done.asString()).path("runData").deepCopy()));
        return out;
    }

    @Test
    void aRunHeldAtABreakpointOnTemporalIsInspectedAndContinuedAsNatively() throws Exception {
        UUID wf = Fixtures.save(db, tenant, HELLO).workflowId();
        Connection listener = db.getConnection();
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + LiveEvents.CHANNEL);
        }
        Breakpoints points = Breakpoints.before("Greet").andAfter("Greet");
        String id = as().body(Map.of(
                        "data",
                        Map.of("name", "Ada"),
                        "breakpoints",
                        Map.of("before", List.of("Greet"), "after", List.of("Greet"))))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .body("runData.Greet", nullValue())
                .extract()
                .path("executionId");
        assertThat(executor(id)).as("a debugger run goes to Temporal").isEqualTo("temporal");
        // another tenant sees none of it
        String other = Iam.newTenant().ownerToken();
        given().auth()
                .oauth2(other)
                .get("/api/v1/executions/" + id + "/paused")
                .then()
                .statusCode(404);
        JsonNode onTemporal = debugged(id);

        // the same run held and continued natively
        String natively = executions
                .start(new Executions.Launch(
                        tenant,
                        wf,
                        1,
                        "manual",
                        null,
                        List.of(Item.of(Json.object().put("name", "Ada"))),
                        Executions.Placement.QUEUED,
                        Map.of(),
                        null,
                        null,
                        points,
                        Backend.NATIVE))
                .executionId();
        assertThat(executor(natively)).isNotEqualTo("temporal");
        JsonNode nativeRun = debugged(natively);
        assertThat(onTemporal).isEqualTo(nativeRun);

        // and the live feed said the same of both
        Map<String, List<String>> heard = new HashMap<>();
        try (listener) {
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (long end = System.currentTimeMillis() + 5_000; System.currentTimeMillis() < end; ) {
                PGNotification[] got = pg.getNotifications(200);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    for (String event : Notices.unpack(n.getParameter())) {
                        JsonNode e = Json.parse(event);
                        heard.computeIfAbsent(e.path("executionId").asText(), k -> new ArrayList<>())
                                .add(e.path("type").asText() + ":"
                                        + e.path("node").asText() + ":"
                                        + e.path("status").asText());
                    }
                }
            }
        }
        assertThat(heard.get(id)).contains("status:null:waiting", "status:null:success");
        assertThat(heard.get(id)).isEqualTo(heard.get(natively));
    }

    /**
     * A hold while another branch waits on a short timer: a held state has no wake time, so the claim parks the run at
     * once (a wait shorter than {@code park-after} would otherwise keep it waiting on a run that does not move), the
     * workflow fires no timer while held (the wait's end passes, nothing runs), and the wait ends after the continue.
     */
    @Test
    void aHoldWithAShortWaitLeftInAnotherBranchIsParkedAndGoesOn() throws Exception {
        UUID wf = Fixtures.save(
                        db,
                        tenant,
                        """
                        {"name": "Hold beside a wait", "nodes": [
                          {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                          {"id": "w", "name": "Pause", "type": "hetumind.wait", "typeVersion": 1.1, "position": [200, -100],
                           "parameters": {"resume": "timeInterval", "amount": 2, "unit": "seconds"}},
                          {"id": "g", "name": "Greet", "type": "hetumind.noOp", "typeVersion": 1, "position": [200, 100], "parameters": {}}],
                         "connections": {"Manual Trigger": {"main": [[{"node": "Pause", "type": "main", "index": 0},
                                                                       {"node": "Greet", "type": "main", "index": 0}]]}}}
                        """)
                .workflowId();
        String id = as().body(Map.of("breakpoints", Map.of("before", List.of("Greet"))))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .extract()
                .path("executionId");
        assertThat(executor(id)).isEqualTo("temporal");
        heldAt(id, "Greet", "before").then().statusCode(200);
        as().get("/api/v1/executions/" + id)
                .then()
                .body("waitReason", equalTo("breakpoint"))
                .body("runData.Greet", nullValue());
        Thread.sleep(2_500);
        // past the wait's end: still held, and Greet has not run
        heldAt(id, "Greet", "before").then().statusCode(200);
        as().body(Map.of())
                .post("/api/v1/executions/" + id + "/continue")
                .then()
                .statusCode(202);
        Response done = settled(id, "success");
        done.then()
                .body("status", equalTo("success"))
                .body("runData.Greet.size()", equalTo(1))
                .body("runData.Pause.size()", equalTo(1))
                .body("runData.Pause[0].executionStatus", equalTo("success"));
        long pauseStart = done.jsonPath().getLong("runData.Pause[0].startTime");
        long greetStart = done.jsonPath().getLong("runData.Greet[0].startTime");
        assertThat(pauseStart)
                .as("the wait had started (and was parked on its timer) when the run was held before Greet")
                .isLessThan(greetStart);
        assertThat(done.jsonPath().getLong("runData.Pause[0].executionTime"))
                .as("its 2 s timer did not end it while held (2.5 s): it ended after the continue")
                .isGreaterThanOrEqualTo(2_500);
    }

    @Test
    void steppingOnTemporalHoldsBeforeEveryNodeAndACancelWhileHeldEndsIt() throws Exception {
        UUID wf = Fixtures.save(db, tenant, HELLO).workflowId();
        String stepped = as().body(Map.of("breakpoints", Map.of("step", true)))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("waiting"))
                .extract()
                .path("executionId");
        assertThat(executor(stepped)).isEqualTo("temporal");
        heldAt(stepped, "Manual Trigger", "before").then().statusCode(200);
        as().body(Map.of("step", true))
                .post("/api/v1/executions/" + stepped + "/continue")
                .then()
                .statusCode(202);
        heldAt(stepped, "Greet", "before").then().statusCode(200).body("inputs[0].size()", equalTo(1));
        as().post("/api/v1/executions/" + stepped + "/cancel").then().statusCode(202);
        settled(stepped, "canceled").then().body("status", equalTo("canceled")).body("runData.Greet", nullValue());
    }
}
