package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * n8n's {@code streaming} response mode over real HTTP: an n8n Chat Trigger export (streaming) → AI Agent → OpenAI
 * model, the model an in-test OpenAI server speaking server-sent events that holds its last token until the test has
 * read the first chunk. Also: a model failing mid-stream, a client that goes away, a workflow without a streaming node
 * and the Webhook node's version rule.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class StreamingWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final Iam iam = Iam.newTenant();
    private HttpServer openAi;
    private final ConcurrentLinkedDeque<List<String>> script = new ConcurrentLinkedDeque<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean lastTokenSent = new AtomicBoolean();

    @BeforeEach
    void startModel() throws IOException {
        openAi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openAi.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            List<String> parts = script.poll();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; parts != null && i < parts.size(); i++) {
                    if (i == parts.size() - 1) {
                        try {
                            release.await(30, TimeUnit.SECONDS); // the last part waits for the test
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        lastTokenSent.set(true);
                    }
                    out.write(parts.get(i).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException gone) {
                // the studio closed the call
            }
        });
        openAi.start();
    }

    @AfterEach
    void stopModel() {
        release.countDown();
        openAi.stop(0);
    }

    private static String delta(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(text) + "}}]}\n\n";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OpenAI SSE answer: the pieces, then the finish (held until released) with usage and [DONE]. */
    private static List<String> answer(String... pieces) {
        List<String> parts = new ArrayList<>();
        for (String p : pieces) {
            parts.add(delta(p));
        }
        parts.add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\ndata: [DONE]\n\n");
        return parts;
    }

    private String credential() {
        return given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(Map.of(
                        "name",
                        "openai-" + UUID.randomUUID(),
                        "type",
                        "openAiApi",
                        "data",
                        Map.of(
                                "apiKey",
                                "sk-test",
                                "url",
                                "http://127.0.0.1:" + openAi.getAddress().getPort() + "/v1"),
                        "sharing",
                        Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** n8n's export: Chat Trigger 1.3 (public, streaming) → AI Agent 2.2 with an OpenAI chat model. */
    private String chatExport(String chatId, String credentialId) {
        return """
                {"name":"Streaming chat %s","nodes":[
                 {"parameters":{"public":true,"mode":"webhook","options":{"responseMode":"streaming"}},
                  "id":"0c1a7a51-61b4-4b57-9d7e-0a1f6f2f7c01","name":"When chat message received",
                  "type":"@n8n/n8n-nodes-langchain.chatTrigger","typeVersion":1.3,"position":[0,0],"webhookId":"%s"},
                 {"parameters":{"options":{}},"id":"0c1a7a51-61b4-4b57-9d7e-0a1f6f2f7c02","name":"AI Agent",
                  "type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2.2,"position":[220,0]},
                 {"parameters":{"model":{"__rl":true,"value":"gpt-4o-mini","mode":"list"},"options":{"maxRetries":0}},
                  "id":"0c1a7a51-61b4-4b57-9d7e-0a1f6f2f7c03","name":"OpenAI Chat Model",
                  "type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"position":[200,200],
                  "credentials":{"openAiApi":{"id":"%s","name":"OpenAI account"}}}],
                 "connections":{
                  "When chat message received":{"main":[[{"node":"AI Agent","type":"main","index":0}]]},
                  "OpenAI Chat Model":{"ai_languageModel":[[{"node":"AI Agent","type":"ai_languageModel","index":0}]]}},
                 "settings":{"executionOrder":"v1"}}
                """
                .formatted(chatId, chatId, credentialId);
    }

    private String create(String export) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(export)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String activate(String export) {
        String id = create(export);
        given().auth()
                .oauth2(iam.ownerToken())
                .post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(200);
        return id;
    }

    private HttpResponse<java.util.stream.Stream<String>> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
    }

    private static JsonNode next(Iterator<String> lines) throws Exception {
        String line = CompletableFuture.supplyAsync(lines::next).get(15, TimeUnit.SECONDS);
        return JSON.readTree(line);
    }

    private static String message(String text) {
        return "{\"action\":\"sendMessage\",\"sessionId\":\"s1\",\"chatInput\":\"" + text + "\"}";
    }

    private Map<String, Object> awaitRun(String workflowId) throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            List<Map<String, Object>> runs = given().auth()
                    .oauth2(iam.ownerToken())
                    .queryParam("workflowId", workflowId)
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            if (!runs.isEmpty()
                    && !List.of("running", "new", "queued")
                            .contains(runs.getFirst().get("status"))) {
                return runs.getFirst();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run of " + workflowId + " did not end");
    }

    private int runs(String workflowId) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .queryParam("workflowId", workflowId)
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items")
                .size();
    }

    private Object runData(Object executionId, String path) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions/" + executionId)
                .then()
                .statusCode(200)
                .extract()
                .path(path);
    }

    @Test
    void streamsTheAgentsAnswerChunkByChunkBeforeTheModelHasFinished() throws Exception {
        String chatId = UUID.randomUUID().toString();
        script.add(answer("Hel", "lo", " world"));
        String wf = activate(chatExport(chatId, credential()));

        HttpResponse<java.util.stream.Stream<String>> r = post("/webhook/" + chatId + "/chat", message("Hi"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("content-length")).isEmpty(); // chunked: see the raw exchange below
        Iterator<String> lines = r.body().iterator();
        JsonNode begin = next(lines);
        assertThat(begin.get("type").asText()).isEqualTo("begin");
        assertThat(begin.get("metadata").get("nodeName").asText()).isEqualTo("AI Agent");
        assertThat(begin.get("metadata").get("nodeId").asText()).isEqualTo("0c1a7a51-61b4-4b57-9d7e-0a1f6f2f7c02");
        JsonNode first = next(lines);
        assertThat(first.get("type").asText()).isEqualTo("item");
        assertThat(first.get("content").asText()).isEqualTo("Hel");
        // the provider still holds its last part: the chunk came while the model was answering
        assertThat(lastTokenSent).isFalse();
        release.countDown();
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertThat(rest).hasSize(3);
        assertThat(JSON.readTree(rest.get(0)).get("content").asText()).isEqualTo("lo");
        assertThat(JSON.readTree(rest.get(1)).get("content").asText()).isEqualTo(" world");
        JsonNode end = JSON.readTree(rest.get(2));
        assertThat(end.get("type").asText()).isEqualTo("end");
        assertThat(end.get("metadata").get("itemIndex").asInt()).isZero();

        Map<String, Object> run = awaitRun(wf);
        assertThat(run.get("status")).isEqualTo("success");
        assertThat(runData(run.get("id"), "runData.'AI Agent'[0].data.main[0][0].json.output"))
                .isEqualTo("Hello world");
    }

    @Test
    void aModelFailingMidStreamEndsTheAnswerWithAnErrorChunk() throws Exception {
        String chatId = UUID.randomUUID().toString();
        List<String> failing = new ArrayList<>(List.of(delta("Hel")));
        failing.add("event: error\ndata: {\"error\":{\"message\":\"The server had an error\"}}\n\n");
        script.add(failing);
        release.countDown();
        String wf = activate(chatExport(chatId, credential()));

        HttpResponse<java.util.stream.Stream<String>> r = post("/webhook/" + chatId + "/chat", message("Hi"));
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : r.body().toList()) {
            chunks.add(JSON.readTree(line));
        }
        assertThat(chunks).extracting(c -> c.get("type").asText()).containsExactly("begin", "item", "error");
        JsonNode error = chunks.getLast();
        assertThat(error.get("content").asText()).contains("The server had an error");
        assertThat(error.get("metadata").get("nodeName").asText()).isEqualTo("AI Agent");
        assertThat(error.get("metadata").get("nodeId").asText()).isEqualTo("0c1a7a51-61b4-4b57-9d7e-0a1f6f2f7c02");
        assertThat(awaitRun(wf).get("status")).isEqualTo("error");
    }

    @Test
    void aClientThatGoesAwayLeavesTheRunToFinishAndBeRecorded() throws Exception {
        String chatId = UUID.randomUUID().toString();
        script.add(answer("Hel", "lo", " world"));
        String wf = activate(chatExport(chatId, credential()));

        HttpResponse<java.util.stream.Stream<String>> r = post("/webhook/" + chatId + "/chat", message("Hi"));
        Iterator<String> lines = r.body().iterator();
        assertThat(next(lines).get("type").asText()).isEqualTo("begin");
        assertThat(next(lines).get("content").asText()).isEqualTo("Hel");
        r.body().close(); // the client hangs up mid-answer
        release.countDown();

        Map<String, Object> run = awaitRun(wf);
        assertThat(run.get("status")).isEqualTo("success");
        assertThat(runData(run.get("id"), "runData.'AI Agent'[0].data.main[0][0].json.output"))
                .isEqualTo("Hello world");
        assertThat(lastTokenSent).isTrue();
    }

    @Test
    void aRunFailingBeforeAnyChunkAnswersAsTheOtherModesDo() throws Exception {
        String path = "stream-fail-" + UUID.randomUUID();
        String wf = activate(
                """
                {"name":"Failing stream","nodes":[
                 {"parameters":{"httpMethod":"POST","path":"%s","responseMode":"streaming","options":{}},
                  "name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2.1,"position":[0,0]},
                 {"parameters":{"jsCode":"throw new Error('no stock left')"},"name":"Code",
                  "type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0]}],
                 "connections":{"Webhook":{"main":[[{"node":"Code","type":"main","index":0}]]}}}
                """
                        .formatted(path));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/" + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Error in workflow");
        assertThat(awaitRun(wf).get("status")).isEqualTo("error");
    }

    @Test
    void withoutAStreamingNodeTheAnswerIsAnEmptyStreamAndTheWebhookNodeStreamsFrom21() throws Exception {
        String path = "stream-" + UUID.randomUUID();
        String webhook =
                """
                {"name":"Streaming webhook","nodes":[
                 {"parameters":{"httpMethod":"POST","path":"%s","responseMode":"streaming","options":{}},
                  "name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":%s,"position":[0,0]},
                 {"parameters":{"assignments":{"assignments":[{"id":"a1","name":"done","value":true,"type":"boolean"}]},
                  "options":{}},"name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0]}],
                 "connections":{"Webhook":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]}}}
                """;
        String wf = activate(webhook.formatted(path, "2.1"));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/" + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).isEmpty();
        // on the wire: HTTP/1.1 chunked transfer (the JDK client does not show that header), ended by the last chunk
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("POST /webhook/" + path
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(15_000);
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(raw.toLowerCase(java.util.Locale.ROOT))
                    .startsWith("http/1.1 200")
                    .contains("transfer-encoding: chunked")
                    .contains("cache-control: no-cache")
                    .endsWith("\r\n0\r\n\r\n");
        }
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && runs(wf) < 2) {
            Thread.sleep(200);
        }
        assertThat(awaitRun(wf).get("status")).isEqualTo("success");

        // version 2 has no streaming option in n8n: refused at activation, naming the option
        String id = create(webhook.formatted("v2-" + path, "2"));
        given().auth()
                .oauth2(iam.ownerToken())
                .post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(400)
                .body(containsString("version 2.1"));
    }

    @Test
    void respondToWebhook15StreamsItsAnswer() throws Exception {
        String path = "respond-stream-" + UUID.randomUUID();
        String wf = activate(
                """
                {"name":"Streaming respond","nodes":[
                 {"parameters":{"httpMethod":"POST","path":"%s","responseMode":"streaming","options":{}},
                  "id":"9d1c0a11-0000-4000-8000-000000000001","name":"Webhook","type":"n8n-nodes-base.webhook",
                  "typeVersion":2.1,"position":[0,0]},
                 {"parameters":{"respondWith":"json","responseBody":"={{ JSON.stringify({got: $json.body.n}) }}",
                  "options":{}},"id":"9d1c0a11-0000-4000-8000-000000000002","name":"Respond to Webhook",
                  "type":"n8n-nodes-base.respondToWebhook","typeVersion":1.5,"position":[200,0]}],
                 "connections":{"Webhook":{"main":[[{"node":"Respond to Webhook","type":"main","index":0}]]}}}
                """
                        .formatted(path));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/" + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":7}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("type").asText()).containsExactly("begin", "item", "end");
        assertThat(lines.get(1).get("content").asText()).isEqualTo("{\"got\":7}");
        assertThat(lines.get(1).get("metadata").get("nodeName").asText()).isEqualTo("Respond to Webhook");
        assertThat(lines.get(1).get("metadata").get("nodeId").asText())
                .isEqualTo("9d1c0a11-0000-4000-8000-000000000002");
        assertThat(lines.get(0).has("content")).isFalse();
        assertThat(awaitRun(wf).get("status")).isEqualTo("success");
    }
}
