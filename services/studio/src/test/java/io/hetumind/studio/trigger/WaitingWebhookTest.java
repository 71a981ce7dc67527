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
             {"id":"3","name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],"parameters":{"resume":"webhook","httpMethod":"POST"}},
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
            "\"parameters\":{\"resume\":\"webhook\",\"httpMethod\":\"POST\"}",
            "\"parameters\":{\"resume\":\"webhook\",\"httpMethod\":\"POST\",\"limitWaitTime\":true,\"resumeAmount\":1,"
                    + "\"resumeUnit\":\"hours\"}");

    /** Manual Trigger → Link ($execution.resumeUrl) → Wait "On Webhook Call" with {@code wait} parameters → {@code after}. */
    static String waitsForCall(String wait, String after) {
        return """
            {"name":"waits for a call","nodes":[
             {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
             {"id":"2","name":"Link","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"assignments":{"assignments":[{"id":"a","name":"url","value":"={{ $execution.resumeUrl }}","type":"string"}]},"options":{}}},
             {"id":"3","name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],%s},
             %s],
             "connections":{"Manual Trigger":{"main":[[{"node":"Link","type":"main","index":0}]]},
              "Link":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}
            """
                .formatted(wait, after);
    }

    /** A Set node named After: {@code who} from the Wait's query. */
    static final String AFTER_WHO =
            """
            {"id":"4","name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],
             "parameters":{"assignments":{"assignments":[{"id":"c","name":"who","value":"={{ $json.query.who }}","type":"string"}]},"options":{}}}""";

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

    /** Starts {@code workflow}, which parks at its Wait; returns the execution id and the resume URL's path. */
    private String[] park(String workflow) throws Exception {
        JsonPath parked = runs.start(workflow);
        assertThat(parked.getString("status")).isEqualTo("waiting");
        return new String[] {
            parked.getString("executionId"),
            URI.create(parked.getString("runData.Link[0].data.main[0][0].json.url"))
                    .getPath()
        };
    }

    @Test
    void aCallMustUseTheWaitsMethodGetByDefaultAndItsSuffix() throws Exception {
        String[] run = park(waitsForCall("\"parameters\":{\"resume\":\"webhook\"}", AFTER_WHO));
        String id = run[0];
        String path = run[1];
        String noMatch = "The workflow for execution \"" + id + "\" does not contain a waiting webhook with a matching"
                + " path/method.";
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            given().request(method, path).then().statusCode(404).body("detail", equalTo(noMatch));
        }
        given().get(path + "/approve").then().statusCode(404).body("detail", equalTo(noMatch));
        assertThat(runs.status(id))
                .as("a call that matches no webhook resumes nothing")
                .isEqualTo("waiting");
        given().get(path + "?who=ada").then().statusCode(200).body("message", equalTo("Workflow was started"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getString("runData.After[0].data.main[0][0].json.who")).isEqualTo("ada");

        String[] suffixed = park(waitsForCall(
                "\"parameters\":{\"resume\":\"webhook\",\"httpMethod\":\"PATCH\",\"options\":{\"webhookSuffix\":\"/approve\"}}",
                AFTER_WHO));
        given().patch(suffixed[1]).then().statusCode(404);
        given().patch(suffixed[1] + "/other").then().statusCode(404);
        given().get(suffixed[1] + "/approve").then().statusCode(404);
        assertThat(runs.status(suffixed[0])).isEqualTo("waiting");
        given().patch(suffixed[1] + "/approve?who=grace").then().statusCode(200);
        JsonPath approved = runs.awaitSettled(suffixed[0]);
        assertThat(approved.getString("runData.After[0].data.main[0][0].json.who"))
                .isEqualTo("grace");
    }

    @Test
    void aWaitAnswersItsCallInItsResponseMode() throws Exception {
        // When Last Node Finishes: the answer is the last node's first item, in the node's response code
        String[] last = park(waitsForCall(
                "\"parameters\":{\"resume\":\"webhook\",\"responseMode\":\"lastNode\",\"responseCode\":201}",
                AFTER_WHO));
        given().get(last[1] + "?who=ada")
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("who", equalTo("ada"));
        assertThat(runs.awaitSettled(last[0]).getString("status")).isEqualTo("success");

        // Using 'Respond to Webhook' Node: the node after the Wait answers the call
        String respond =
                """
                {"id":"4","name":"After","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[600,0],
                 "parameters":{"respondWith":"text","responseBody":"=thanks {{ $json.query.who }}",
                  "options":{"responseCode":202,"responseHeaders":{"entries":[{"name":"x-answered-by","value":"wait"}]}}}}""";
        String[] node = park(waitsForCall(
                "\"parameters\":{\"resume\":\"webhook\",\"httpMethod\":\"POST\",\"responseMode\":\"responseNode\"}",
                respond));
        given().post(node[1] + "?who=grace")
                .then()
                .statusCode(202)
                .header("x-answered-by", "wait")
                .body(equalTo("thanks grace"));
        assertThat(runs.awaitSettled(node[0]).getString("status")).isEqualTo("success");

        // Immediately, with the node's code and Response Data option
        String[] now = park(waitsForCall(
                "\"parameters\":{\"resume\":\"webhook\",\"responseCode\":202,\"options\":{\"responseData\":\"ok\"}}",
                AFTER_WHO));
        given().get(now[1]).then().statusCode(202).body(equalTo("ok"));
        assertThat(runs.awaitSettled(now[0]).getString("status")).isEqualTo("success");
    }

    @Test
    void aRawBodyBecomesTheWaitsBinaryData() throws Exception {
        byte[] bytes = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        String echo =
                """
                {"id":"4","name":"After","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[600,0],"parameters":{}}""";
        String[] run = park(waitsForCall(
                "\"parameters\":{\"resume\":\"webhook\",\"httpMethod\":\"PUT\",\"responseMode\":\"lastNode\","
                        + "\"responseData\":\"firstEntryBinary\",\"options\":{\"rawBody\":true}}",
                echo));
        byte[] answer = given().contentType("application/octet-stream")
                .body(bytes)
                .put(run[1])
                .then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .extract()
                .asByteArray();
        assertThat(answer).isEqualTo(bytes);
        JsonPath done = runs.awaitSettled(run[0]);
        assertThat(done.getString("runData.After[0].data.main[0][0].binary.data.mimeType"))
                .isEqualTo("application/octet-stream");
    }

    @Test
    void aWaitWithBasicAuthIsResumedOnlyWithItsCredential() throws Exception {
        String cred = api().body(Map.of(
                        "name",
                        "wait-" + Ids.next(),
                        "type",
                        "httpBasicAuth",
                        "data",
                        Map.of("user", "approver", "password", "s3cret"),
                        "sharing",
                        Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        String[] run = park(waitsForCall(
                "\"credentials\":{\"httpBasicAuth\":{\"id\":\"" + cred + "\",\"name\":\"approver\"}},"
                        + "\"parameters\":{\"resume\":\"webhook\",\"incomingAuthentication\":\"basicAuth\"}",
                AFTER_WHO));
        given().get(run[1])
                .then()
                .statusCode(401)
                .header("www-authenticate", "Basic realm=\"Webhook\"")
                .body("detail", equalTo("Authorization is required!"));
        given().auth()
                .preemptive()
                .basic("approver", "wrong")
                .get(run[1])
                .then()
                .statusCode(401);
        assertThat(runs.status(run[0])).as("a refused call resumes nothing").isEqualTo("waiting");
        given().auth()
                .preemptive()
                .basic("approver", "s3cret")
                .get(run[1] + "?who=ada")
                .then()
                .statusCode(200);
        JsonPath done = runs.awaitSettled(run[0]);
        assertThat(done.getString("runData.After[0].data.main[0][0].json.who")).isEqualTo("ada");
        assertThat(done.getString("runData.Wait[0].data.main[0][0].json.headers.authorization"))
                .as("the Wait's output is the request, as a Webhook node's")
                .startsWith("Basic ");
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
