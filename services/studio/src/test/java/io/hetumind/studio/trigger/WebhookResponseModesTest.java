package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.hetumind.core.spi.Json;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Webhook runs end to end: each response mode, the item n8n's Webhook node emits, auth, and hostile bodies. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookResponseModesTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    @TestHTTPResource("/")
    URI base;

    private final UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());

    private String activate(String jsonWithPath, String path) {
        StoredWorkflow wf = Fixtures.save(db, tenant, jsonWithPath);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return path;
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void onReceivedAnswersAtOnceWithTheConfiguredCode() {
        String path = unique("now");
        activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"POST\",\"responseCode\":202}"), path);
        given().contentType(ContentType.JSON)
                .body("{\"a\":1}")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("message", equalTo("Workflow was started"));
        String text = unique("text");
        activate(
                Flows.webhookOnly("{\"path\":\"" + text + "\",\"options\":{\"responseData\":\"thanks\","
                        + "\"responseHeaders\":{\"entries\":[{\"name\":\"X-One\",\"value\":\"1\"}]}}}"),
                text);
        given().get("/webhook/" + text)
                .then()
                .statusCode(200)
                .header("x-one", "1")
                .body(equalTo("thanks"));
    }

    @Test
    void lastNodeReturnsTheRequestItemInN8nShape() {
        String path = unique("echo");
        activate(Flows.lastNode(path + "/:user", "POST", "firstEntryJson"), path);
        Response r = given().contentType(ContentType.JSON)
                .header("X-Trace", "t-1")
                .queryParam("tag", "a")
                .queryParam("tag", "b")
                .queryParam("q", "1")
                .body("{\"name\":\"Ada\",\"list\":[1,2]}")
                .post("/webhook/" + path + "/u42");
        r.then().statusCode(202);
        var json = Json.parse(r.asString());
        assertThat(json.path("headers").path("x-trace").asText()).isEqualTo("t-1");
        assertThat(json.path("headers").path("content-type").asText()).startsWith("application/json");
        assertThat(json.path("params").path("user").asText()).isEqualTo("u42");
        assertThat(json.path("query").path("q").asText()).isEqualTo("1");
        assertThat(json.path("query").path("tag")).hasSize(2);
        assertThat(json.path("body").path("name").asText()).isEqualTo("Ada");
        assertThat(json.path("body").path("list")).hasSize(2);
        assertThat(json.path("executionMode").asText()).isEqualTo("production");
        assertThat(json.path("webhookUrl").asText()).endsWith("/webhook/" + path + "/:user");
        assertThat(json.path("seen").asBoolean()).isTrue();
    }

    @Test
    void lastNodeAllEntriesAndNoData() {
        String all = unique("all");
        activate(Flows.lastNode(all, "GET", "allEntries"), all);
        given().get("/webhook/" + all)
                .then()
                .statusCode(202)
                .body("$", hasSize(1))
                .body("[0].seen", equalTo(true));
        String none = unique("none");
        activate(Flows.lastNode(none, "GET", "noData"), none);
        given().get("/webhook/" + none).then().statusCode(202).body(equalTo(""));
    }

    @Test
    void formAndMultipartAndTextBodies() {
        String path = unique("forms");
        activate(Flows.lastNode(path, "POST", "firstEntryJson"), path);
        given().contentType("application/x-www-form-urlencoded")
                .body("a=1&b=x+y&b=z")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("body.a", equalTo("1"))
                .body("body.b", hasSize(2));
        given().multiPart("field", "value")
                .multiPart("other", "2")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("body.field", equalTo("value"))
                .body("body.other", equalTo("2"));
        given().contentType("text/plain")
                .body("just text")
                .post("/webhook/" + path)
                .then()
                .statusCode(202)
                .body("body", equalTo("just text"));
    }

    @Test
    void uploadedFilesAndRawBodiesBecomeBinaryAttachments() {
        String files = unique("files");
        activate(
                Flows.webhookOnly(
                        "{\"path\":\"" + files + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                                + "\"lastNode\",\"responseData\":\"firstEntryBinary\",\"responseBinaryPropertyName\":\"picture\"}"),
                files);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        String unnamed = unique("unnamed");
        activate(
                Flows.webhookOnly("{\"path\":\"" + unnamed + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                        + "\"lastNode\",\"responseData\":\"firstEntryBinary\"}"),
                unnamed);
        // n8n answers with the field the node names, 'data' unless set; a file in another field is not it
        given().multiPart("picture", "tiny.png", new byte[] {1, 2}, "image/png")
                .post("/webhook/" + unnamed)
                .then()
                .statusCode(500)
                .body("message", equalTo("The binary property 'data' which should be returned does not exist"));
        byte[] echoed = given().multiPart("caption", "a picture")
                .multiPart("picture", "tiny.png", png, "image/png")
                .post("/webhook/" + files)
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertThat(echoed).isEqualTo(png);
        String raw = unique("raw");
        activate(
                Flows.webhookOnly("{\"path\":\"" + raw + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                        + "\"lastNode\",\"responseData\":\"firstEntryBinary\",\"options\":{\"rawBody\":true}}"),
                raw);
        byte[] body = given().contentType("application/octet-stream")
                .body(png)
                .post("/webhook/" + raw)
                .then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .extract()
                .asByteArray();
        assertThat(body).isEqualTo(png);
    }

    /** Webhook (files kept) → Respond to Webhook with n8n's Binary File, {@code respond} its parameters. */
    private static String respondWithFile(String path, String respond) {
        return """
                {"name":"file answer","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"responseNode","options":{}}},
                 {"id":"2","name":"Respond to Webhook","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,
                  "position":[200,0],"parameters":%s}],
                 "connections":{"Webhook":{"main":[[{"node":"Respond to Webhook","type":"main","index":0}]]}}}
                """
                .formatted(path, respond);
    }

    @Test
    void respondToWebhookAnswersWithABinaryFile() {
        byte[] pdf = {'%', 'P', 'D', 'F', '-', 0, (byte) 0xff, 10};
        String auto = unique("file-auto");
        activate(respondWithFile(auto, "{\"respondWith\":\"binary\",\"options\":{}}"), auto);
        byte[] answered = given().multiPart("report", "r.pdf", pdf, "application/pdf")
                .post("/webhook/" + auto)
                .then()
                .statusCode(200)
                .contentType("application/pdf")
                .extract()
                .asByteArray();
        assertThat(answered).as("the item's only file, byte for byte").isEqualTo(pdf);

        String named = unique("file-named");
        activate(
                respondWithFile(
                        named,
                        "{\"respondWith\":\"binary\",\"responseDataSource\":\"set\",\"inputFieldName\":\"second\","
                                + "\"options\":{\"responseCode\":201,\"responseHeaders\":{\"entries\":"
                                + "[{\"name\":\"Content-Type\",\"value\":\"text/csv\"}]}}}"),
                named);
        byte[] csv = "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] second = given().multiPart("first", "one.bin", new byte[] {1}, "application/octet-stream")
                .multiPart("second", "two.csv", csv, "text/plain")
                .post("/webhook/" + named)
                .then()
                .statusCode(201)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract()
                .asByteArray();
        assertThat(second)
                .as("the named field, typed by the node's Content-Type header")
                .isEqualTo(csv);

        // no file on the item: n8n's message, from the run's failure
        given().contentType(ContentType.JSON)
                .body("{\"no\":\"file\"}")
                .post("/webhook/" + auto)
                .then()
                .statusCode(500)
                .body("message", equalTo("Error in workflow"));
    }

    @Test
    void respondToWebhookAnswersWithWhatTheNodeBuilt() {
        String path = unique("respond");
        activate(Flows.respond(path, 0), path);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Grace\"}")
                .post("/webhook/" + path)
                .then()
                .statusCode(201)
                .header("x-flow", "respond")
                .contentType(ContentType.JSON)
                .body("greeting", equalTo("hello Grace"));
    }

    @Test
    void respondToWebhookAnswersBeforeTheSlowNodeAfterItEnds() {
        // a warm-up run first, so the measured one is not slowed by compiling the expression on a loaded machine
        String warm = unique("warm");
        activate(Flows.respond(warm, 0), warm);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/webhook/" + warm)
                .then()
                .statusCode(201);
        String path = unique("early");
        activate(Flows.respond(path, 4), path);
        long t0 = System.nanoTime();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Linus\"}")
                .post("/webhook/" + path)
                .then()
                .statusCode(201)
                .body("greeting", equalTo("hello Linus"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // the Wait node after Respond to Webhook holds the run for 4 s; had the answer waited for it, ms >= 4000
        assertThat(ms).isLessThan(3_500);
    }

    @Test
    void malformedJsonIsA400AndChangesNothing() {
        String path = unique("bad");
        activate(Flows.lastNode(path, "POST", "firstEntryJson"), path);
        given().contentType(ContentType.JSON)
                .body("{\"unclosed\": ")
                .post("/webhook/" + path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/malformed-body"));
    }

    @Test
    void oversizedBodiesAre413EvenWhenChunked() throws Exception {
        String path = unique("big");
        activate(Flows.lastNode(path, "POST", "firstEntryJson"), path);
        byte[] big = new byte[1_100_000]; // over the test profile's 1 MiB
        java.util.Arrays.fill(big, (byte) 'a');
        given().contentType("text/plain")
                .body(big)
                .post("/webhook/" + path)
                .then()
                .statusCode(413);
        HttpResponse<String> chunked = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(base.resolve("/webhook/" + path))
                                .header("content-type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("payload-too-large");
    }
}
