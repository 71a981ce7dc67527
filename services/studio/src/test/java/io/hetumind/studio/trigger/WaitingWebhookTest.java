package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.engine.Engine;
import io.hetumind.platform.id.Ids;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Wait "On Webhook Call" resumed through {@code /webhook-waiting/{token}} ($execution.resumeUrl). */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WaitingWebhookTest {
    @Inject
    Engine engine;

    static final String WAITS_FOR_CALL =
            """
            {"name":"waits for a call","nodes":[
             {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
             {"id":"2","name":"Link","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"assignments":{"assignments":[{"id":"a","name":"url","value":"={{ $execution.resumeUrl }}","type":"string"}]},"options":{}}},
             {"id":"3","name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],"parameters":{"resume":"webhook"}},
             {"id":"4","name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],
              "parameters":{"assignments":{"assignments":[{"id":"b","name":"answer","value":"={{ $json.body.answer }}","type":"number"},
                {"id":"c","name":"who","value":"={{ $json.query.who }}","type":"string"}]},"options":{}}}],
             "connections":{"Manual Trigger":{"main":[[{"node":"Link","type":"main","index":0}]]},
              "Link":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}
            """;

    static final String WAITS_AN_HOUR =
            """
            {"name":"waits an hour","nodes":[
             {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
             {"id":"2","name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],"parameters":{"resume":"timeInterval","amount":1,"unit":"hours"}}],
             "connections":{"Manual Trigger":{"main":[[{"node":"Wait","type":"main","index":0}]]}}}
            """;

    /** {@link #WAITS_FOR_CALL} with n8n's Limit Wait Time: it goes on by itself after an hour if nobody calls. */
    static final String WAITS_FOR_CALL_AN_HOUR_AT_MOST = WAITS_FOR_CALL.replace(
            "\"parameters\":{\"resume\":\"webhook\"}",
            "\"parameters\":{\"resume\":\"webhook\",\"limitWaitTime\":true,\"resumeAmount\":1,\"resumeUnit\":\"hours\"}");

    private final Iam iam = Iam.newTenant();

    private io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(iam.ownerToken()).contentType(ContentType.JSON);
    }

    private final WaitingRuns runs = new WaitingRuns(this::api);

    @Test
    void theResumeUrlResumesWithTheRequestAsTheWaitNodesOutputOnce() throws Exception {
        JsonPath parked = runs.start(WAITS_FOR_CALL);
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String path = URI.create(parked.getString("runData.Link[0].data.main[0][0].json.url"))
                .getPath();
        assertThat(path).startsWith("/webhook-waiting/" + id + ".");

        // altered or foreign tokens resume nothing
        given().post(path + "x").then().statusCode(404).contentType(containsString("problem+json"));
        given().post("/webhook-waiting/" + id).then().statusCode(404);
        given().post(path + "/more").then().statusCode(404);
        String otherId = Ids.next().toString();
        given().post("/webhook-waiting/" + engine.resumeToken(otherId))
                .then()
                .statusCode(404)
                .body("detail", equalTo("The execution \"" + otherId + "\" does not exist."));
        assertThat(runs.status(id)).isEqualTo("waiting");

        given().contentType(ContentType.JSON)
                .body(Map.of("answer", 42))
                .post(path + "?who=ada")
                .then()
                .statusCode(200)
                .body("message", equalTo("Workflow was started"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getInt("runData.After[0].data.main[0][0].json.answer")).isEqualTo(42);
        assertThat(done.getString("runData.After[0].data.main[0][0].json.who")).isEqualTo("ada");
        assertThat(done.getString("runData.After[0].inputData.main[0][0].json.headers.'content-type'"))
                .startsWith("application/json");

        given().post(path)
                .then()
                .statusCode(409)
                .body("detail", equalTo("The execution \"" + id + "\" has finished already."));
        assertThat(runs.status(id)).isEqualTo("success");
    }

    @Test
    void aCallBeforeTheLimitOfALimitedWaitResumesItOnce() throws Exception {
        assertThat(WAITS_FOR_CALL_AN_HOUR_AT_MOST).contains("limitWaitTime");
        JsonPath parked = runs.start(WAITS_FOR_CALL_AN_HOUR_AT_MOST);
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String path = URI.create(parked.getString("runData.Link[0].data.main[0][0].json.url"))
                .getPath();
        given().post(path + "x").then().statusCode(404);
        assertThat(runs.status(id)).isEqualTo("waiting");

        given().contentType(ContentType.JSON)
                .body(Map.of("answer", 7))
                .post(path + "?who=grace")
                .then()
                .statusCode(200)
                .body("message", equalTo("Workflow was started"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getInt("runData.After[0].data.main[0][0].json.answer")).isEqualTo(7);
        assertThat(done.getString("runData.After[0].data.main[0][0].json.who")).isEqualTo("grace");
        assertThat(done.getList("runData.After")).hasSize(1);

        given().post(path)
                .then()
                .statusCode(409)
                .body("detail", equalTo("The execution \"" + id + "\" has finished already."));
    }

    @Test
    void anExecutionWaitingForATimeIsNotResumedByAWebhook() {
        JsonPath parked = runs.start(WAITS_AN_HOUR);
        String id = parked.getString("executionId");
        assertThat(parked.getString("status")).isEqualTo("waiting");
        given().post("/webhook-waiting/" + engine.resumeToken(id))
                .then()
                .statusCode(409)
                .body("detail", equalTo("The execution \"" + id + "\" is waiting for a time, not for a webhook call."));
        assertThat(runs.status(id)).isEqualTo("waiting");
    }
}
