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
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An n8n export starting with the Chat Trigger, imported through the workflow API and activated: chat messages in
 * n8n's body start runs whose trigger item is the message, answered with the last node's first item; {@code
 * loadPreviousSession} is read from the attached memory; CORS follows {@code allowedOrigins}; bad bodies are 400.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ChatTriggerWebhookTest {
    private static final String SHOP = "https://shop.example.com";

    private final Iam iam = Iam.newTenant();

    /** Chat Trigger → Edit Fields (keeps the item, adds {@code output}); memory attached to the trigger. */
    private static String export(String webhookId, String triggerParams) {
        return """
                {"name":"Chat %s","nodes":[
                 {"parameters":%s,"id":"6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","name":"When chat message received",
                  "type":"@n8n/n8n-nodes-langchain.chatTrigger","typeVersion":1.1,"position":[0,0],"webhookId":"%s"},
                 {"parameters":{"assignments":{"assignments":[{"id":"a1","name":"output",
                   "value":"=You said: {{ $json.chatInput }}","type":"string"}]},"includeOtherFields":true,"options":{}},
                  "id":"5d3b3f8e-2f47-4a4a-9c37-1b1f8b8d6e01","name":"Answer","type":"n8n-nodes-base.set",
                  "typeVersion":3.4,"position":[220,0]},
                 {"parameters":{},"id":"9d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60","name":"Window Buffer Memory",
                  "type":"@n8n/n8n-nodes-langchain.memoryBufferWindow","typeVersion":1.3,"position":[0,200]}],
                 "connections":{
                  "When chat message received":{"main":[[{"node":"Answer","type":"main","index":0}]]},
                  "Window Buffer Memory":{"ai_memory":[[{"node":"When chat message received","type":"ai_memory","index":0}]]}},
                 "settings":{"executionOrder":"v1"}}
                """
                .formatted(webhookId, triggerParams, webhookId);
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

    private static String message(String action, String session, String text) {
        return "{\"action\":\"" + action + "\",\"sessionId\":\"" + session + "\""
                + (text == null ? "" : ",\"chatInput\":\"" + text + "\"") + "}";
    }

    @Test
    void chatsInOneSessionLoadsItAndKeepsToItsOrigins() {
        String chatId = UUID.randomUUID().toString();
        activate(export(
                chatId,
                "{\"public\":true,\"mode\":\"webhook\",\"options\":{\"allowedOrigins\":\"" + SHOP
                        + "\",\"loadPreviousSession\":\"memory\"}}"));
        String url = "/webhook/" + chatId + "/chat";
        String session = "s-" + UUID.randomUUID();

        given().header("Origin", SHOP)
                .contentType("application/json")
                .body(message("sendMessage", session, "Hello"))
                .post(url)
                .then()
                .statusCode(200)
                .header("access-control-allow-origin", SHOP)
                .body("output", equalTo("You said: Hello"))
                .body("action", equalTo("sendMessage"))
                .body("sessionId", equalTo(session))
                .body("chatInput", equalTo("Hello"));
        // the same session again: a run of its own, with the new message as its item
        given().header("Origin", SHOP)
                .contentType("application/json")
                .body(message("sendMessage", session, "And again"))
                .post(url)
                .then()
                .statusCode(200)
                .body("output", equalTo("You said: And again"))
                .body("sessionId", equalTo(session));
        // loading the session goes through the memory attached to the trigger (nothing saved there by this flow)
        given().contentType("application/json")
                .body(message("loadPreviousSession", session, null))
                .post(url)
                .then()
                .statusCode(200)
                .body(equalTo("{\"data\":[]}"));

        // another origin: the run happens (n8n's rule) but the browser is told only the allowed origin
        given().header("Origin", "https://evil.example.org")
                .contentType("application/json")
                .body(message("sendMessage", session, "From elsewhere"))
                .post(url)
                .then()
                .statusCode(200)
                .header("access-control-allow-origin", SHOP);
        given().header("Origin", "https://evil.example.org")
                .header("Access-Control-Request-Method", "POST")
                .options(url)
                .then()
                .statusCode(204)
                .header("access-control-allow-origin", SHOP)
                .header("access-control-allow-methods", "OPTIONS, POST");

        // bad bodies are refused before any run
        given().contentType("application/json")
                .body("[\"Hello\"]")
                .post(url)
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("must be a JSON object"));
        given().contentType("application/json")
                .body("{\"action\":\"sendMessage\",")
                .post(url)
                .then()
                .statusCode(400)
                .body("type", containsString("malformed-body"));
        given().contentType("application/json")
                .body("{\"action\":\"dance\",\"sessionId\":\"x\"}")
                .post(url)
                .then()
                .statusCode(400)
                .body("detail", containsString("'action' must be"));
        given().contentType("application/json")
                .body("{\"action\":\"loadPreviousSession\"}")
                .post(url)
                .then()
                .statusCode(400)
                .body("detail", containsString("sessionId"));
        // embedded chat: no hosted page
        given().get(url).then().statusCode(405).header("allow", "POST");
    }

    /** Chat Trigger with file uploads → Extract from File reading the first upload ({@code data0}) as text. */
    private static String uploadExport(String webhookId) {
        return """
                {"name":"Chat files %s","nodes":[
                 {"parameters":{"public":true,"mode":"hostedChat","options":{"allowFileUploads":true,
                   "allowedFilesMimeTypes":"text/plain, image/*"}},
                  "id":"1a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","name":"When chat message received",
                  "type":"@n8n/n8n-nodes-langchain.chatTrigger","typeVersion":1.4,"position":[0,0],"webhookId":"%s"},
                 {"parameters":{"operation":"text","binaryPropertyName":"data0","destinationKey":"text","options":{}},
                  "id":"2b3b3f8e-2f47-4a4a-9c37-1b1f8b8d6e01","name":"Read","type":"n8n-nodes-base.extractFromFile",
                  "typeVersion":1,"position":[220,0]}],
                 "connections":{"When chat message received":{"main":[[{"node":"Read","type":"main","index":0}]]}},
                 "settings":{"executionOrder":"v1"}}
                """
                .formatted(webhookId, webhookId);
    }

    @Test
    void uploadedFilesAreN8nsFilesListAndDataNBinariesAndRefusedOutsideTheAllowList() throws Exception {
        String chatId = UUID.randomUUID().toString();
        String workflow = activate(uploadExport(chatId));
        String url = "/webhook/" + chatId + "/chat";
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};

        // n8n's widget posts the message's fields and its files (all under "files") as multipart
        given().multiPart("action", "sendMessage")
                .multiPart("sessionId", "s-files")
                .multiPart("chatInput", "What is in these?")
                .multiPart("files", "notes.txt", "milk, eggs".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("files", "pic.png", png, "image/png")
                .post(url)
                .then()
                .statusCode(200)
                .body("text", equalTo("milk, eggs")); // the next node reads data0

        String execution = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?workflowId=" + workflow)
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        var item = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions/" + execution)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("runData.'When chat message received'[0].data.main[0][0]");
        assertThat(item.getString("json.action")).isEqualTo("sendMessage");
        assertThat(item.getString("json.sessionId")).isEqualTo("s-files");
        assertThat(item.getString("json.chatInput")).isEqualTo("What is in these?");
        assertThat(item.getList("json.files", java.util.Map.class))
                .containsExactly(
                        java.util.Map.of(
                                "fileName", "notes.txt",
                                "fileSize", "10 B",
                                "fileType", "text",
                                "mimeType", "text/plain",
                                "fileExtension", "txt",
                                "binaryKey", "data0"),
                        java.util.Map.of(
                                "fileName", "pic.png",
                                "fileSize", "8 B",
                                "fileType", "image",
                                "mimeType", "image/png",
                                "fileExtension", "png",
                                "binaryKey", "data1"));
        assertThat(item.getMap("binary").keySet()).containsExactlyInAnyOrder("data0", "data1");
        assertThat(item.getString("binary.data1.fileName")).isEqualTo("pic.png");
        byte[] stored = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions/" + execution + "/binary?ref=" + item.getString("binary.data1.id"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(stored).isEqualTo(png);

        // a type the allow-list does not name is refused before any run
        given().multiPart("action", "sendMessage")
                .multiPart("sessionId", "s-files")
                .multiPart("chatInput", "Run this")
                .multiPart("files", "run.exe", new byte[] {'M', 'Z'}, "application/x-msdownload")
                .post(url)
                .then()
                .statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("'run.exe' is application/x-msdownload"))
                .body("detail", containsString("text/plain, image/*"));
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?workflowId=" + workflow)
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
    }

    @Test
    void servesTheHostedPageOnlyForAPublicHostedChat() {
        String hosted = UUID.randomUUID().toString();
        activate(export(hosted, "{\"public\":true,\"mode\":\"hostedChat\",\"options\":{\"title\":\"Shop help\"}}"));
        given().get("/webhook/" + hosted + "/chat")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("content-security-policy", containsString("default-src 'none'"))
                .body(containsString("\"title\":\"Shop help\""))
                .body(containsString("\"webhookUrl\":\"/webhook/" + hosted + "/chat\""));
        given().contentType("application/json")
                .body(message("sendMessage", "s1", "Hi"))
                .post("/webhook/" + hosted + "/chat")
                .then()
                .statusCode(200)
                .body("output", equalTo("You said: Hi"));

        String hidden = UUID.randomUUID().toString();
        activate(export(hidden, "{\"public\":false}"));
        given().contentType("application/json")
                .body(message("sendMessage", "s1", "Hi"))
                .post("/webhook/" + hidden + "/chat")
                .then()
                .statusCode(404);
        given().get("/webhook/" + hidden + "/chat").then().statusCode(405);
    }

    @Test
    void aChatThatIsNotPublicAnswersItsTestUrlOnce() {
        String chatId = UUID.randomUUID().toString();
        String id = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(export(chatId, "{\"public\":false}"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(java.util.Map.of("workflowId", id))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201)
                .body("urls[0]", org.hamcrest.Matchers.endsWith("/webhook-test/" + chatId + "/chat"));
        String url = "/webhook-test/" + chatId + "/chat";
        // a bad body does not use the registration up
        given().contentType("application/json").body("\"hi\"").post(url).then().statusCode(400);
        given().contentType("application/json")
                .body(message("sendMessage", "t1", "Testing"))
                .post(url)
                .then()
                .statusCode(200)
                .body("output", equalTo("You said: Testing"));
        given().contentType("application/json")
                .body(message("sendMessage", "t1", "Again"))
                .post(url)
                .then()
                .statusCode(404);
    }

    @Test
    void refusesWhatItCannotServeAtActivation() {
        String userAuth = export(UUID.randomUUID().toString(), "{\"public\":true,\"authentication\":\"n8nUserAuth\"}");
        String id2 = given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(userAuth)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(iam.ownerToken())
                .post("/api/v1/workflows/" + id2 + "/activate")
                .then()
                .statusCode(400)
                .body(containsString("n8n login session"));
    }
}
