package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.trigger.ChunkSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Gemini's token streaming ({@code streamGenerateContent?alt=sse}) under the agent: text handed on as it comes,
 * function calls read from their event, the same retry rules as the other streamed providers, the API's in-stream
 * errors and blocked prompts.
 */
class GeminiStreamingTest {

    static final String GEMINI =
            """
            {"name":"Model","type":"hetumind.lmChatGoogleGemini","typeVersion":1,"parameters":{
              "modelName":"models/gemini-2.5-flash","options":{"temperature":0.2}},
             "credentials":{"googlePalmApi":{"id":"g1","name":"Gemini account"}}}
            """;

    private static ExecutionResult run(FakeProvider p, List<ChunkSink.Chunk> chunks) {
        return run(p, chunks == null ? null : chunks::add);
    }

    private static ExecutionResult run(FakeProvider p, ChunkSink sink) {
        RunRequest request =
                RunRequest.defaults().sequential().withInput(List.of(AiRun.item("{\"q\":\"How long is banana?\"}")));
        if (sink != null) {
            request = request.withService(ChunkSink.class, sink);
        }
        String nodes = AgentStreamingTest.agent(2.1, "{}") + GEMINI;
        return AiRun.openAi(p)
                .run(
                        io.hetumind.core.format.WorkflowFormat.readJson(
                                AiRun.workflow(nodes, AgentStreamingTest.WIRES)),
                        request);
    }

    private static List<String> shape(List<ChunkSink.Chunk> chunks) {
        return chunks.stream()
                .map(c -> c.type().wire() + (c.content() == null ? "" : ":" + c.content()))
                .toList();
    }

    @Test
    void streamsTheTextAndRunsTheFunctionCallOfItsOwnEvent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.geminiStreamFunctionCalls("Word_length", "{\"input\":\"banana\"}"))
                    .then(FakeProvider.geminiStream("banana ", "has 6 ", "letters"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chunks);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ", "item:has 6 ", "item:letters", "end");
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("banana has 6 letters");
            for (var req : p.requests) {
                assertThat(req.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
                assertThat(req.query()).isEqualTo("alt=sse");
                assertThat(req.header("x-goog-api-key")).isEqualTo("gk-test");
                assertThat(req.header("Accept")).isEqualTo("text/event-stream");
                assertThat(req.body().at("/generationConfig/temperature").asDouble())
                        .isEqualTo(0.2);
            }
            JsonNode second = p.requests.get(1).body().get("contents");
            assertThat(second.get(1).toString())
                    .isEqualTo("{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Word_length\","
                            + "\"args\":{\"input\":\"banana\"}}}]}");
            assertThat(second.get(2).toString())
                    .isEqualTo("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Word_length\","
                            + "\"response\":{\"name\":\"Word_length\",\"content\":\"6\"}}}]}");
            List<JsonNode> calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).at("/messageOut/toolCalls/0/arguments").asText())
                    .isEqualTo("{\"input\":\"banana\"}");
            assertThat(calls.get(0).get("finishReason").asText()).isEqualTo("tool_execution");
            assertThat(calls.get(0).has("firstTokenMs")).isFalse(); // a function call is not text
            JsonNode last = calls.get(1);
            assertThat(last.get("provider").asText()).isEqualTo("Google Gemini");
            assertThat(last.get("streamed").asBoolean()).isTrue();
            assertThat(last.has("firstTokenMs")).isTrue();
            assertThat(last.get("messageOut").get("text").asText()).isEqualTo("banana has 6 letters");
            assertThat(last.get("tokenUsage").toString()).isEqualTo("{\"input\":21,\"output\":4,\"total\":25}");
            assertThat(last.get("finishReason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void textReachesTheSinkWhileTheProviderHoldsItsLastEvent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            CountDownLatch release = new CountDownLatch(1);
            p.then(FakeProvider.geminiStream("Ba", "nana", "!").holding(-1, release));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            ExecutionResult r = run(p, c -> {
                chunks.add(c);
                if ("nana".equals(c.content())) {
                    release.countDown(); // a client that waited for the whole answer would never get here
                }
            });

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000L); // the hold lasts up to 20 s
            assertThat(shape(chunks)).containsExactly("begin", "item:Ba", "item:nana", "item:!", "end");
        }
    }

    @Test
    void withoutASinkTheModelIsCalledPlainly() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.geminiText("six"));
            ExecutionResult r = run(p, (List<ChunkSink.Chunk>) null);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.getFirst().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
            assertThat(p.requests.getFirst().query()).isNull();
            assertThat(AiRun.modelCalls(r, "Agent").getFirst().has("streamed")).isFalse();
        }
    }

    @Test
    void a429BeforeTheStreamOpensIsRetriedAfterRetryAfter() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenRefused(1, 429, "Retry-After", "1").then(FakeProvider.geminiStream("Six ", "letters."));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:Six ", "item:letters.", "end");
            assertThat(p.requests).hasSize(2);
            p.requests.forEach(req -> assertThat(req.path()).endsWith(":streamGenerateContent"));
            assertThat((p.times.get(1) - p.times.get(0)) / 1_000_000).isBetween(950L, 5000L);
            List<JsonNode> calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(1);
            assertThat(calls.getFirst().get("latencyMs").asLong()).isGreaterThanOrEqualTo(950L);
        }
    }

    @Test
    void anErrorInTheStreamAfterTextFailsTheNodeWithoutRetrying() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.geminiStreamFailing("Internal error encountered.", "banana "))
                    .then(FakeProvider.geminiStream("never asked for"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(p.requests).hasSize(1);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ");
            var error = r.state().runs("Agent").getFirst().error();
            assertThat(error.message())
                    .isEqualTo("'Model' (Google Gemini): Gemini sent an error in the stream: INTERNAL: Internal error"
                            + " encountered. (the streamed answer broke off after text was sent; not retried)");
            assertThat(error.kind()).isEqualTo(ErrorKind.OPERATIONAL);
            assertThat(AiRun.modelCalls(r, "Agent").getFirst().get("error").asText())
                    .isEqualTo(error.message());
        }
    }

    @Test
    void anErrorInTheStreamBeforeTextIsNotRetriedEither() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.geminiStreamFailing("Internal error encountered."))
                    .then(FakeProvider.geminiStream("never asked for"));
            ExecutionResult r = run(p, new CopyOnWriteArrayList<>());

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(p.requests).hasSize(1);
            assertThat(r.state().error().message())
                    .isEqualTo(
                            "'Model' (Google Gemini): Gemini sent an error in the stream: INTERNAL: Internal error encountered.");
        }
    }

    @Test
    void aBlockedPromptIsAUserErrorAsInAPlainCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.geminiStreamBlocked("PROHIBITED_CONTENT"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            var error = r.state().runs("Agent").getFirst().error();
            assertThat(error.message())
                    .isEqualTo("'Model' (Google Gemini): Gemini blocked the prompt (PROHIBITED_CONTENT)");
            assertThat(error.kind()).isEqualTo(ErrorKind.USER);
            assertThat(shape(chunks)).containsExactly("begin");
        }
    }
}
