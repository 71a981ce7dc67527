package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A Wait "On Form Submitted" ($execution.resumeFormUrl): the waiting URL shows the form on GET as often as asked and
 * resumes nothing; the submission resumes the run with the form's item as the Wait's output, once.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WaitingFormTest {

    /** Manual Trigger → Link ($execution.resumeFormUrl) → Wait for a form with {@code extra} parameters → After. */
    private static String waitsForForm(String extra) {
        return """
            {"name":"waits for a form","nodes":[
             {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],
              "parameters":{}},
             {"id":"2","name":"Link","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"assignments":{"assignments":[{"id":"a","name":"url","value":"={{ $execution.resumeFormUrl }}",
               "type":"string"}]},"options":{}}},
             {"id":"3","name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],
              "parameters":{"resume":"form","formTitle":"Approve the order","formFields":{"values":[
                {"fieldLabel":"Decision","fieldType":"dropdown","requiredField":true,
                 "fieldOptions":{"values":[{"option":"approve"},{"option":"reject"}]}},
                {"fieldLabel":"Note"},
                {"fieldLabel":"Scan","fieldType":"file"}]}%s}},
             {"id":"4","name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],
              "parameters":{"assignments":{"assignments":[{"id":"b","name":"verdict",
               "value":"={{ $json.Decision }}: {{ $json.Note }}","type":"string"}]},"options":{}}}],
             "connections":{"Manual Trigger":{"main":[[{"node":"Link","type":"main","index":0}]]},
              "Link":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}
            """
                .formatted(extra);
    }

    private final Iam iam = Iam.newTenant();

    private io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(iam.ownerToken()).contentType(ContentType.JSON);
    }

    private final WaitingRuns runs = new WaitingRuns(this::api);

    @Test
    void theFormUrlShowsTheFormAndItsSubmissionResumesTheRunOnce() throws Exception {
        JsonPath parked = runs.start(waitsForForm(",\"responseMode\":\"lastNode\""));
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String path = URI.create(parked.getString("runData.Link[0].data.main[0][0].json.url"))
                .getPath();
        assertThat(path).startsWith("/webhook-waiting/" + id + ".");

        // the page, as often as asked: it resumes nothing; this run came from the designer, so it says test
        for (int i = 0; i < 2; i++) {
            String page = given().get(path)
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("content-security-policy", containsString("default-src 'none'"))
                    .extract()
                    .asString();
            assertThat(page).contains("<h1>Approve the order</h1>", "name=\"field-0\"", "approve", "test version");
        }
        assertThat(runs.status(id)).isEqualTo("waiting");
        // a submission that cannot be read resumes nothing
        given().contentType(ContentType.JSON)
                .body("{\"field-0\":\"approve\"}")
                .post(path)
                .then()
                .statusCode(400)
                .body("detail", containsString("multipart/form-data"));
        assertThat(runs.status(id)).isEqualTo("waiting");

        byte[] scan = "%PDF-1.4 signed".getBytes(StandardCharsets.UTF_8);
        given().multiPart("field-0", "approve")
                .multiPart("field-1", " ship it ")
                .multiPart("field-2", "signed.pdf", scan, "application/pdf")
                .post(path)
                .then()
                .statusCode(200);
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        done.setRootPath("runData.Wait[0].data.main[0][0]");
        // the Wait's output is the form's item: labels as keys (Wait 1.1), no query parameters, UTC
        assertThat(done.getMap("json").keySet()).containsExactly("Decision", "Note", "Scan", "submittedAt", "formMode");
        assertThat(done.getString("json.Note")).isEqualTo("ship it");
        assertThat(done.getString("json.formMode")).isEqualTo("test");
        assertThat(done.getString("json.submittedAt")).endsWith("Z");
        assertThat(done.getList("json.Scan")).hasSize(1);
        assertThat(done.getString("binary.Scan.fileName")).isEqualTo("signed.pdf");
        done.setRootPath("runData.After[0].data.main[0][0]");
        assertThat(done.getString("json.verdict")).isEqualTo("approve: ship it");

        // once: the run has gone on
        given().multiPart("field-0", "reject").post(path).then().statusCode(409);
        given().get(path).then().statusCode(409);
    }

    @Test
    void aSuffixedFormAnswersOnlyOnItsSuffixAndShowsItsText() throws Exception {
        JsonPath parked = runs.start(waitsForForm(",\"options\":{\"webhookSuffix\":\"approve\",\"respondWithOptions\":"
                + "{\"values\":{\"respondWith\":\"text\",\"formSubmittedText\":\"Thanks, noted\"}}}"));
        String id = parked.getString("executionId");
        String path = URI.create(parked.getString("runData.Link[0].data.main[0][0].json.url"))
                .getPath();
        given().get(path).then().statusCode(404);
        given().get(path + "/approve").then().statusCode(200).body(containsString("Thanks, noted"));
        given().multiPart("field-0", "reject").post(path + "/approve").then().statusCode(200);
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("runData.After[0].data.main[0][0].json.verdict"))
                .startsWith("reject: ");
        assertThat(done.getString("runData.Wait[0].data.main[0][0].json.Note")).isNull();
    }
}
