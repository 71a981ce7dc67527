package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.engine.Engine;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Send Email's Send and Wait for Response in the studio: the message reaches an in-process SMTP server, its links
 * resume the execution through {@code /webhook-waiting/{token}/{node id}?approved=…&signature=…}, and a changed or
 * missing signature is refused with a 401 that resumes nothing.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class SendAndWaitWebhookTest {
    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    @Inject
    Engine engine;

    private final Iam iam = Iam.newTenant();
    private GreenMail mail;

    @BeforeEach
    void startMail() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    @AfterEach
    void stopMail() {
        mail.stop();
    }

    private RequestSpecification api() {
        return given().auth().oauth2(iam.ownerToken()).contentType(ContentType.JSON);
    }

    private String smtpCredential() {
        return api().body(Map.of(
                        "name",
                        "smtp-" + UUID.randomUUID(),
                        "type",
                        "smtp",
                        "data",
                        Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "secure", false),
                        "sharing",
                        Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** n8n's export shape: Manual Trigger → Send Email 2.1 (sendAndWait, approve and disapprove) → Set. */
    private String workflow(String credentialId, String options) {
        return workflow(credentialId, "\"approvalOptions\":{\"values\":{\"approvalType\":\"double\"}}", options);
    }

    private String workflow(String credentialId, String response, String options) {
        return """
                {"name":"send and wait %s","nodes":[
                 {"id":"1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                 {"id":"b1f0c6de-2a44-4c55-8f0e-6f7d2c1a9e10","name":"Ask","type":"n8n-nodes-base.emailSend","typeVersion":2.1,
                  "position":[200,0],"webhookId":"0d6c3f0e-8a0b-4f7e-9b1e-3c2d1a0f9e88",
                  "parameters":{"operation":"sendAndWait","fromEmail":"bot@example.com","toEmail":"boss@example.com",
                   "subject":"Deploy?","message":"Deploy build 42?",
                   %s,"options":%s},
                  "credentials":{"smtp":{"id":"%s","name":"SMTP account"}}},
                 {"id":"3","name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[400,0],
                  "parameters":{"assignments":{"assignments":[{"id":"a","name":"ok","value":"={{ $json.data.approved ?? false }}","type":"boolean"}]},"options":{}}}],
                 "connections":{"Manual Trigger":{"main":[[{"node":"Ask","type":"main","index":0}]]},
                  "Ask":{"main":[[{"node":"After","type":"main","index":0}]]}}}
                """
                .formatted(UUID.randomUUID(), response, options, credentialId);
    }

    private final WaitingRuns runs = new WaitingRuns(this::api);

    /** The path and query of each link in the message: decline first, then approve, as n8n orders them. */
    private List<String> links() throws Exception {
        return links(2);
    }

    private List<String> links(int expected) throws Exception {
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        String html = (String) m.getContent();
        List<String> out = new ArrayList<>();
        Matcher a = Pattern.compile("<a href=\"([^\"]+)\"").matcher(html);
        while (a.find()) {
            URI u = URI.create(a.group(1).replace("&amp;", "&"));
            if (u.getRawPath().startsWith("/webhook-waiting/")) {
                out.add(u.getRawPath() + "?" + u.getRawQuery());
            }
        }
        assertThat(out).hasSize(expected);
        return out;
    }

    private RequestSpecification browser() {
        return given().urlEncodingEnabled(false).header("User-Agent", BROWSER);
    }

    @Test
    void theApproveLinkResumesTheExecutionAndForgedOrPlainCallsAreRefused() throws Exception {
        JsonPath parked = runs.start(workflow(smtpCredential(), "{}"));
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        List<String> links = links();
        String decline = links.get(0);
        String approve = links.get(1);
        assertThat(decline)
                .startsWith("/webhook-waiting/" + engine.resumeToken(id) + "/b1f0c6de-2a44-4c55-8f0e-6f7d2c1a9e10")
                .contains("?approved=false&signature=");
        assertThat(approve).contains("?approved=true&signature=");

        // the decline link turned into an approval: its signature no longer matches
        browser()
                .get(decline.replace("approved=false", "approved=true"))
                .then()
                .statusCode(401)
                .contentType(containsString("problem+json"))
                .body("detail", containsString("signature does not match"));
        browser()
                .get(approve.substring(0, approve.indexOf("&signature=")))
                .then()
                .statusCode(401)
                .body("detail", containsString("no signature"));
        // the plain resume URL does not resume a node that waits for its links
        browser().post("/webhook-waiting/" + engine.resumeToken(id)).then().statusCode(401);
        // a link previewer's fetch is answered and records nothing
        given().urlEncodingEnabled(false)
                .header("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
                .get(approve)
                .then()
                .statusCode(200)
                .body(emptyString());
        assertThat(runs.status(id)).isEqualTo("waiting");

        browser()
                .get(approve)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Got it, thanks"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getBoolean("runData.Ask[0].data.main[0][0].json.data.approved"))
                .isTrue();
        assertThat(done.getBoolean("runData.After[0].data.main[0][0].json.ok")).isTrue();

        // a second click finds nothing to do
        browser()
                .get(decline)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("No action required"));
        assertThat(runs.status(id)).isEqualTo("success");
    }

    @Test
    void freeTextOpensAFormWhoseSubmissionResumesTheRunWithTheText() throws Exception {
        JsonPath parked = runs.start(workflow(
                smtpCredential(),
                "\"responseType\":\"freeText\"",
                "{\"responseFormTitle\":\"Deploy build 42\",\"responseFormButtonLabel\":\"Send answer\"}"));
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String respond = links(1).getFirst();
        browser()
                .get(respond)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("content-security-policy", containsString("form-action 'self'"))
                .body(containsString("<h1>Deploy build 42</h1>"))
                .body(containsString("name=\"field-0\""))
                .body(containsString("Send answer"));
        assertThat(runs.status(id)).isEqualTo("waiting");
        browser()
                .contentType("application/x-www-form-urlencoded")
                .body("field-0=Wait+for+QA%21")
                .post(respond)
                .then()
                .statusCode(200)
                .body(containsString("Got it, thanks"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getString("runData.Ask[0].data.main[0][0].json.data.text"))
                .isEqualTo("Wait for QA!");
    }

    @Test
    void aCustomFormIsServedRefusesABadMultipartAnswerAndResumesWithTheFields() throws Exception {
        JsonPath parked = runs.start(workflow(
                smtpCredential(),
                "\"responseType\":\"customForm\",\"formFields\":{\"values\":["
                        + "{\"fieldLabel\":\"Name\",\"requiredField\":true},"
                        + "{\"fieldLabel\":\"Age\",\"fieldType\":\"number\"},"
                        + "{\"fieldLabel\":\"Colours\",\"fieldType\":\"checkbox\",\"fieldOptions\":{\"values\":"
                        + "[{\"option\":\"red\"},{\"option\":\"blue\"}]}},"
                        + "{\"fieldLabel\":\"Scan\",\"fieldType\":\"file\"}]}",
                "{\"messageButtonLabel\":\"Open the form\"}"));
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String form = links(1).getFirst();
        browser()
                .get(form)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("content-security-policy", containsString("default-src 'none'"))
                .body(containsString("enctype=\"multipart/form-data\""))
                .body(containsString("<input type=\"number\" id=\"field-1\" name=\"field-1\" step=\"any\">"))
                .body(containsString("value=\"blue\""));
        // a forged link and a bad answer resume nothing
        browser()
                .get(form.replaceAll("signature=[0-9a-f]{8}", "signature=00000000"))
                .then()
                .statusCode(401);
        browser()
                .multiPart("field-0", " ")
                .multiPart("field-1", "many")
                .post(form)
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("\u201cName\u201d is required."))
                .body(containsString("\u201cAge\u201d must be a number."));
        assertThat(runs.status(id)).isEqualTo("waiting");

        // as a browser sends it: the checkbox twice, the file input left empty (a part with an empty file name)
        String body = String.join(
                "\r\n",
                "--b0undary",
                "Content-Disposition: form-data; name=\"field-0\"",
                "",
                "Ada",
                "--b0undary",
                "Content-Disposition: form-data; name=\"field-1\"",
                "",
                "7",
                "--b0undary",
                "Content-Disposition: form-data; name=\"field-2\"",
                "",
                "red",
                "--b0undary",
                "Content-Disposition: form-data; name=\"field-2\"",
                "",
                "blue",
                "--b0undary",
                "Content-Disposition: form-data; name=\"field-3\"; filename=\"\"",
                "Content-Type: application/octet-stream",
                "",
                "",
                "--b0undary--",
                "");
        browser()
                .contentType("multipart/form-data; boundary=b0undary")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(form)
                .then()
                .statusCode(200)
                .body(containsString("Got it, thanks"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getMap("runData.Ask[0].data.main[0][0].json.data"))
                .containsExactly(
                        entry("Name", "Ada"),
                        entry("Age", 7),
                        entry("Colours", List.of("red", "blue")),
                        entry("Scan", null));
    }

    @Test
    void aWaitWithATimeLimitIsResumedByTheDeclineLinkBeforeTheLimit() throws Exception {
        JsonPath parked = runs.start(workflow(
                smtpCredential(),
                "{\"limitWaitTime\":{\"values\":{\"limitType\":\"afterTimeInterval\",\"resumeAmount\":2,"
                        + "\"resumeUnit\":\"hours\"}},\"appendAttribution\":false}"));
        assertThat(parked.getString("status")).isEqualTo("waiting");
        String id = parked.getString("executionId");
        String decline = links().get(0);
        browser().post(decline).then().statusCode(200).body(containsString("Got it, thanks"));
        JsonPath done = runs.awaitSettled(id);
        assertThat(done.getString("status")).isEqualTo("success");
        assertThat(done.getBoolean("runData.Ask[0].data.main[0][0].json.data.approved"))
                .isFalse();
        assertThat(done.getBoolean("runData.After[0].data.main[0][0].json.ok")).isFalse();
        assertThat(runs.status(id)).isEqualTo("success");
        browser().get(decline).then().statusCode(200).body(containsString("No action required"));
    }
}
