package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.spi.trigger.ChunkSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Streamed model calls are retried like plain ones while no token has come (429/5xx when the stream opens, waiting
 * what Retry-After says), and not once the client has seen text.
 */
class StreamingRetryTest {

    static String model(String type, String extra, String options, String credential) {
        return """
                {"name":"Model","type":"%s","typeVersion":%s,"parameters":{"options":%s},
                 "credentials":{%s}}
                """
                .formatted(type, extra, options, credential);
    }

    static String gpt(String options) {
        return model("hetumind.lmChatOpenAi", "1.1", options, "\"openAiApi\":{\"id\":\"1\",\"name\":\"OpenAI\"}");
    }

    static final String CLAUDE = model(
            "hetumind.lmChatAnthropic",
            "1.2",
            "{\"maxTokensToSample\":100}",
            "\"anthropicApi\":{\"id\":\"2\",\"name\":\"Anthropic\"}");

    static final String OLLAMA =
            model("hetumind.lmChatOllama", "1", "{}", "\"ollamaApi\":{\"id\":\"o1\",\"name\":\"Ollama account\"}");

    private static ExecutionResult run(FakeProvider p, String model, List<ChunkSink.Chunk> chunks) {
        RunRequest request =
                RunRequest.defaults().sequential().withInput(List.of(AiRun.item("{\"q\":\"How long is banana?\"}")));
        if (chunks != null) {
            request = request.withService(ChunkSink.class, chunks::add);
        }
        String nodes = AgentStreamingTest.agent(2.1, "{}") + model;
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

    private static long waitedMs(FakeProvider p) {
        return (p.times.get(1) - p.times.get(0)) / 1_000_000;
    }

    @Test
    void openAiRetriesA429BeforeTheFirstTokenWaitingRetryAfterLongerThanTheIdleTimeout() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenRefused(1, 429, "Retry-After", "1").then(FakeProvider.openAiStream("banana ", "has 6 letters"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            // the retry wait (1 s) is longer than the stream's idle bound (options.timeout 600 ms): not a stall
            ExecutionResult r = run(p, gpt("{\"timeout\":600}"), chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ", "item:has 6 letters", "end");
            assertThat(p.requests).hasSize(2);
            p.requests.forEach(
                    req -> assertThat(req.body().get("stream").asBoolean()).isTrue());
            assertThat(waitedMs(p)).isBetween(950L, 5000L);
            List<JsonNode> calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(1); // one record per call, retries inside it, as for a plain call
            assertThat(calls.getFirst().has("error")).isFalse();
            assertThat(calls.getFirst().get("streamed").asBoolean()).isTrue();
            assertThat(calls.getFirst().get("latencyMs").asLong()).isGreaterThanOrEqualTo(950L);
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("banana has 6 letters");
        }
    }

    @Test
    void anthropicRetriesA503WaitingRetryAfterMs() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenRefused(2, 503, "retry-after-ms", "300").then(FakeProvider.anthropicStream("Six ", "letters."));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, CLAUDE, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:Six ", "item:letters.", "end");
            assertThat(p.requests).hasSize(3);
            assertThat(waitedMs(p)).isBetween(280L, 4000L);
            assertThat(AiRun.modelCalls(r, "Agent")).hasSize(1);
        }
    }

    @Test
    void ollamaRetriesA429BeforeItsNdjsonStream() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenRefused(1, 429, "Retry-After", "1").then(FakeProvider.ollamaStream("Ba", "nana"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, OLLAMA, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:Ba", "item:nana", "end");
            assertThat(p.requests).hasSize(2);
            assertThat(waitedMs(p)).isBetween(950L, 5000L);
        }
    }

    @Test
    void aStreamRefusedBeyondTheRetriesFailsExactlyAsAPlainCall() throws Exception {
        List<ExecutionResult> results = new ArrayList<>();
        List<Integer> requests = new ArrayList<>();
        List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
        for (List<ChunkSink.Chunk> sink : java.util.Arrays.asList(chunks, null)) {
            try (FakeProvider p = new FakeProvider()) {
                p.thenRefused(3, 429, "Retry-After", "0");
                results.add(run(p, gpt("{}"), sink));
                requests.add(p.requests.size());
                assertThat(p.requests.getFirst().body().path("stream").asBoolean(false))
                        .isEqualTo(sink != null);
            }
        }
        assertThat(requests).containsExactly(3, 3); // the call and maxRetries (2) retries, streamed or not
        ExecutionResult streamed = results.get(0);
        ExecutionResult plain = results.get(1);
        assertThat(streamed.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(streamed.state().error().message())
                .startsWith("'Model' (OpenAI) answered HTTP 429")
                .contains("quota exceeded")
                .isEqualTo(plain.state().error().message());
        assertThat(shape(chunks)).containsExactly("begin"); // no text reached the client
        JsonNode s = AiRun.modelCalls(streamed, "Agent").getFirst();
        JsonNode q = AiRun.modelCalls(plain, "Agent").getFirst();
        assertThat(s.get("error")).isEqualTo(q.get("error"));
        List<String> fields = new ArrayList<>();
        s.fieldNames().forEachRemaining(fields::add);
        fields.remove("streamed");
        List<String> plainFields = new ArrayList<>();
        q.fieldNames().forEachRemaining(plainFields::add);
        assertThat(fields).isEqualTo(plainFields);
    }

    @Test
    void aStreamFailingAfterTextWasSentIsNotRetriedAndSaysSo() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiStreamFailing("The server had an error", "banana "))
                    .then(FakeProvider.openAiStream("never asked for"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, gpt("{}"), chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(p.requests).hasSize(1);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ");
            assertThat(r.state().error().message())
                    .contains("'Model' (OpenAI)")
                    .contains("The server had an error")
                    .contains("the streamed answer broke off after text was sent; not retried");
            assertThat(AiRun.modelCalls(r, "Agent").getFirst().get("error").asText())
                    .contains("not retried");
        }
    }
}
