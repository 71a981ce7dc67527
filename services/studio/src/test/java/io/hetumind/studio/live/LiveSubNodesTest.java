package io.hetumind.studio.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.ai.FakeProvider;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The designer lights a sub-node up while its root runs: over a real WebSocket, an AI Agent's chat model is
 * {@code nodeStarted} while its call is under way and {@code nodeFinished} when it answers, once per call, as n8n sends
 * {@code nodeExecuteBefore} / {@code nodeExecuteAfter} for the sub-node. The model is {@code FakeProvider} (OpenAI's
 * chat completions), holding its answers until the test has seen what the feed carries meanwhile.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class LiveSubNodesTest {
    @TestHTTPResource("/")
    URI http;

    @Inject
    DataSource db;

    private final Iam iam = Iam.newTenant();

    private static String workflow(String credentialId) {
        return """
                {"name":"Live agent %s","nodes":[
                 {"id":"t","name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                 {"id":"a","name":"Agent","type":"hetumind.agent","typeVersion":2,"position":[200,0],
                  "parameters":{"promptType":"define","text":"How long is kiwi?","options":{}}},
                 {"id":"g","name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"position":[200,200],
                  "parameters":{"model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                  "credentials":{"openAiApi":{"id":"%s","name":"OpenAI"}}},
                 {"id":"w","name":"Word length","type":"hetumind.toolCode","typeVersion":1.1,"position":[400,200],
                  "parameters":{"description":"Counts the letters of a word","jsCode":"return String(query.length)"}}
                ],"connections":{
                 "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                 "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                 "Word length":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}}}
                """
                .formatted(UUID.randomUUID(), credentialId);
    }

    @Test
    void theModelLightsUpAsEachCallStartsAndEndsWhileTheAgentRuns() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch secondHeld = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (FakeProvider openAi = new FakeProvider()) {
            openAi.route(request -> {
                boolean first = calls.getAndIncrement() == 0;
                (first ? firstHeld : secondHeld).countDown();
                await(first ? releaseFirst : releaseSecond);
                return new FakeProvider.Reply(
                        200,
                        Map.of(),
                        (first
                                        ? FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"kiwi\"}")
                                        : FakeProvider.openAiText("kiwi has 4 letters"))
                                .toString());
            });
            String token = iam.ownerToken();
            UUID tenant = Fixtures.tenantOf(token);
            String workflowId = create("/api/v1/workflows", workflow(credential(openAi.url() + "/v1")));
            String execution = given().auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body("{\"wait\":false}")
                    .post("/api/v1/workflows/" + workflowId + "/execute")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("executionId");
            assertThat(firstHeld.await(20, TimeUnit.SECONDS))
                    .as("the model was called")
                    .isTrue();

            Frames frames = new Frames();
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(ws("/ws/executions/" + execution + "?access_token=" + token), frames)
                    .get(10, TimeUnit.SECONDS);
            try {
                awaitLive(tenant, execution, frames);
                releaseFirst.countDown();
                assertThat(secondHeld.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(nodeEvents(frames, 4))
                        .as("while the agent runs and its second model call is under way")
                        .containsExactly(
                                "nodeFinished:GPT:success",
                                "nodeStarted:Word length:running",
                                "nodeFinished:Word length:success",
                                "nodeStarted:GPT:running");
                assertThat(frames.received.poll(300, TimeUnit.MILLISECONDS))
                        .as("nothing more while the model holds its answer: the agent has not finished")
                        .isNull();
                releaseSecond.countDown();
                assertThat(nodeEvents(frames, 2))
                        .containsExactly("nodeFinished:GPT:success", "nodeFinished:Agent:success");
            } finally {
                releaseFirst.countDown();
                releaseSecond.countDown();
                socket.abort();
            }
            assertThat(openAi.requests).hasSize(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String credential(String url) {
        return create(
                "/api/v1/credentials",
                Json.write(Json.object()
                        .put("name", "openai-" + UUID.randomUUID())
                        .put("type", "openAiApi")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "data", Json.object().put("apiKey", "sk-test").put("url", url))
                        .set("sharing", Json.object().put("tenant", true))));
    }

    private String create(String path, String body) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private URI ws(String path) {
        return URI.create(http.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + path);
    }

    /** The next {@code n} node events of the socket ({@code type:node:status}), skipping status frames. */
    private static List<String> nodeEvents(Frames frames, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (out.size() < n) {
            String frame =
                    frames.received.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("only " + out + " within 15 s");
            }
            JsonNode e = Json.parse(frame);
            if (!e.path("type").asText().equals("status")) {
                out.add(e.path("type").asText() + ":" + e.path("node").asText() + ":"
                        + e.path("status").asText());
            }
        }
        return out;
    }

    /** Publishes probes until the socket delivers (it subscribes in its {@code @OnOpen}), then drops them. */
    private void awaitLive(UUID tenant, String execution, Frames frames) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (frames.received.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                fail("the socket never started delivering");
            }
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, ExecutionEvents.CHANNEL);
                ps.setString(
                        2,
                        Json.write(Json.object()
                                .put("tenantId", tenant.toString())
                                .put("executionId", execution)
                                .put("workflowId", UUID.randomUUID().toString())
                                .put("type", "status")
                                .putNull("node")
                                .put("status", "running")
                                .put("seq", 0)
                                .put("at", System.currentTimeMillis())));
                ps.execute();
            }
            Thread.sleep(200);
        }
        Thread.sleep(300);
        frames.received.clear();
    }
}
