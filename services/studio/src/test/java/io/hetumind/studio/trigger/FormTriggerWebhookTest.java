package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An n8n export starting with the n8n Form Trigger, imported and activated: the form page at {@code /form/<path>}
 * (prefilled from the query), submissions as n8n's item (elements by label, files as binaries, {@code submittedAt} in
 * the workflow's zone), each response mode, Basic Auth, and bad submissions refused before any run.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class FormTriggerWebhookTest {
    private final Iam iam = Iam.newTenant();

    /** Form Trigger 2.3 → Edit Fields ({@code greeting}); the workflow runs in Europe/Berlin. */
    private static String export(String path, String responseMode, String extra) {
        return """
                {"name":"Form %s","nodes":[
                 {"parameters":{"formTitle":"Contact us","formDescription":"We answer within a day",
                   "formFields":{"values":[
                     {"fieldLabel":"Name","requiredField":true},
                     {"fieldLabel":"Age","fieldType":"number"},
                     {"fieldLabel":"Topics","fieldType":"checkbox",
                      "fieldOptions":{"values":[{"option":"sales"},{"option":"support"}]}},
                     {"fieldLabel":"Attachment","fieldType":"file","multipleFiles":false}]},
                   "responseMode":"%s","options":{"path":"%s"%s}},
                  "id":"7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","name":"On form submission",
                  "type":"n8n-nodes-base.formTrigger","typeVersion":2.3,"position":[0,0],"webhookId":"%s"},
                 {"parameters":{"assignments":{"assignments":[{"id":"a1","name":"greeting",
                   "value":"=Hello {{ $json.Name }} ({{ ($json.Topics || []).join('+') }})","type":"string"}]},
                   "options":{}},
                  "id":"5d3b3f8e-2f47-4a4a-9c37-1b1f8b8d6e01","name":"Greet","type":"n8n-nodes-base.set",
                  "typeVersion":3.4,"position":[220,0]}],
                 "connections":{"On form submission":{"main":[[{"node":"Greet","type":"main","index":0}]]}},
                 "settings":{"executionOrder":"v1","timezone":"Europe/Berlin"}}
                """
                .formatted(path, responseMode, path, extra, UUID.randomUUID());
    }

    private String activate(String export) {
        String id = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(export)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(iam.ownerToken())
                .post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(200);
        return id;
    }

    private JsonPath lastRun(String workflow) {
        String execution = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?workflowId=" + workflow)
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        return given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions/" + execution)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The workflow's last run once it has finished (a queued run finishes after its answer). */
    private JsonPath finishedRun(String workflow) {
        for (int i = 0; i < 200; i++) {
            JsonPath run = lastRun(workflow);
            if (!List.of("new", "running", "queued").contains(run.getString("status"))) {
                return run;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the run of " + workflow + " did not finish");
    }

    private int runs(String workflow) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?workflowId=" + workflow)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items")
                .size();
    }

    @Test
    void pageSubmissionAndItemAsN8nMakesThem() {
        String path = "contact-" + UUID.randomUUID().toString().substring(0, 8);
        String workflow = activate(export(path, "lastNode", ""));

        // the page: a form with the elements, prefilled from the query, under a nonce-only script policy
        String page = given().get("/form/" + path + "?Name=Ada")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("content-security-policy", containsString("default-src 'none'"))
                .extract()
                .asString();
        assertThat(page).contains("<h1>Contact us</h1>", "We answer within a day", "name=\"field-0\"");
        assertThat(page).contains("value=\"Ada\"").doesNotContain("This is a test version");
        // the same form under the webhook URL; a method it does not take is 405
        given().get("/webhook/" + path).then().statusCode(200).contentType(startsWith("text/html"));
        given().put("/form/" + path).then().statusCode(405).header("allow", "GET, POST");

        byte[] pdf = "%PDF-1.4 hello".getBytes(StandardCharsets.UTF_8);
        given().multiPart("field-0", "  Ada Lovelace ")
                .multiPart("field-1", "36")
                .multiPart("field-2", "[\"sales\",\"support\"]")
                .multiPart("field-3", "cv.pdf", pdf, "application/pdf")
                .post("/form/" + path + "?utm=mail")
                .then()
                .statusCode(200);

        JsonPath run = lastRun(workflow);
        run.setRootPath("runData.'On form submission'[0].data.main[0][0]");
        assertThat(run.getMap("json").keySet())
                .containsExactly(
                        "Name", "Age", "Topics", "Attachment", "submittedAt", "formMode", "formQueryParameters");
        assertThat(run.getString("json.Name")).isEqualTo("Ada Lovelace");
        assertThat(run.getInt("json.Age")).isEqualTo(36);
        assertThat(run.getList("json.Topics")).containsExactly("sales", "support");
        assertThat(run.getMap("json.Attachment"))
                .isEqualTo(Map.of("filename", "cv.pdf", "mimetype", "application/pdf", "size", pdf.length));
        assertThat(run.getString("json.formMode")).isEqualTo("production");
        assertThat(run.getMap("json.formQueryParameters")).isEqualTo(Map.of("utm", "mail"));
        // version 2.3 writes the time in the workflow's zone
        assertThat(run.getString("json.submittedAt")).matches(".*T.*\\.\\d{3}\\+0[12]:00");
        assertThat(run.getString("binary.Attachment.fileName")).isEqualTo("cv.pdf");
        run.setRootPath("runData.Greet[0].data.main[0][0]");
        assertThat(run.getString("json.greeting")).isEqualTo("Hello Ada Lovelace (sales+support)");
    }

    @Test
    void badSubmissionsAreRefusedBeforeAnyRun() {
        String path = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String workflow = activate(export(path, "lastNode", ""));
        given().contentType("application/json")
                .body("{\"field-0\":\"Ada\"}")
                .post("/form/" + path)
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("multipart/form-data"));
        given().multiPart("field-0", "Ada")
                .multiPart("field-2", "sales")
                .post("/form/" + path)
                .then()
                .statusCode(400)
                .body("detail", containsString("field-2 ('Topics') must hold the JSON array of the chosen options"));
        assertThat(runs(workflow)).isZero();
        // a good one runs; unsent elements are null
        given().multiPart("field-0", "Ada").post("/form/" + path).then().statusCode(200);
        JsonPath run = lastRun(workflow);
        assertThat(run.getString("status")).isEqualTo("success");
        assertThat(run.getString("runData.Greet[0].data.main[0][0].json.greeting"))
                .isEqualTo("Hello Ada ()");
        assertThat(run.getMap("runData.'On form submission'[0].data.main[0][0].json"))
                .containsEntry("Age", null)
                .containsEntry("Topics", null)
                .containsEntry("Attachment", null);
    }

    @Test
    void basicAuthGuardsThePageAndTheSubmissions() {
        String user = "form-user-" + UUID.randomUUID().toString().substring(0, 6);
        String credential = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(Map.of(
                        "name",
                        "Form login " + user,
                        "type",
                        "httpBasicAuth",
                        "data",
                        Map.of("user", user, "password", "s3cret"),
                        "sharing",
                        Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String path = "private-" + UUID.randomUUID().toString().substring(0, 8);
        String doc = export(path, "lastNode", "")
                .replace(
                        "\"formTitle\":\"Contact us\"", "\"authentication\":\"basicAuth\",\"formTitle\":\"Contact us\"")
                .replace(
                        "\"typeVersion\":2.3,\"position\":[0,0],",
                        "\"typeVersion\":2.3,\"position\":[0,0],\"credentials\":{\"httpBasicAuth\":{\"id\":\""
                                + credential + "\",\"name\":\"Form login\"}},");
        String workflow = activate(doc);
        given().get("/form/" + path).then().statusCode(401).header("www-authenticate", containsString("Basic"));
        given().auth()
                .preemptive()
                .basic(user, "wrong")
                .get("/form/" + path)
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic(user, "s3cret")
                .get("/form/" + path)
                .then()
                .statusCode(200)
                .body(containsString("Contact us"));
        given().multiPart("field-0", "Eve").post("/form/" + path).then().statusCode(401);
        assertThat(runs(workflow)).isZero();
        given().auth()
                .preemptive()
                .basic(user, "s3cret")
                .multiPart("field-0", "Ada")
                .post("/form/" + path)
                .then()
                .statusCode(200);
        assertThat(lastRun(workflow).getString("status")).isEqualTo("success");
    }

    @Test
    void testUrlShowsTheTestNoticeAndTakesOneSubmission() {
        String path = "listen-" + UUID.randomUUID().toString().substring(0, 8);
        String workflow = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(export(path, "onReceived", ""))
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        var listen = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(Map.of("workflowId", workflow))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        // the designer is given the form's URL to open, not the two webhook methods
        List<String> urls = listen.getList("urls");
        assertThat(urls).hasSize(1);
        assertThat(urls.getFirst()).startsWith("GET http").endsWith("/form-test/" + path);
        // the page may be opened any number of times; the submission is the one captured request
        for (int i = 0; i < 2; i++) {
            given().get("/form-test/" + path)
                    .then()
                    .statusCode(200)
                    .body(containsString("This is a test version of your form"));
        }
        given().multiPart("field-0", "Ada").post("/form-test/" + path).then().statusCode(200);
        given().multiPart("field-0", "Ada")
                .post("/form-test/" + path)
                .then()
                .statusCode(404)
                .body("title", equalTo("Webhook not registered"));
        JsonPath run = finishedRun(workflow);
        assertThat(run.getString("mode")).isEqualTo("manual");
        // a queued run (onReceived) gets the item in its order: the launch is kept as written
        run.setRootPath("runData.'On form submission'[0].data.main[0][0].json");
        assertThat(run.getMap("").keySet())
                .containsExactly("Name", "Age", "Topics", "Attachment", "submittedAt", "formMode");
        assertThat(run.getString("formMode")).isEqualTo("test");
    }
}
