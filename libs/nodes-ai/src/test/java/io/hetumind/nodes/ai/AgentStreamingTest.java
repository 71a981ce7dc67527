package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.spi.trigger.ChunkSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The agent's answer streamed to the run's {@link ChunkSink} over each provider's real streaming wire format (OpenAI
 * and Anthropic SSE, Ollama NDJSON), and not streamed where n8n does not stream.
 */
class AgentStreamingTest {

    static String agent(double version, String options) {
        return """
                {"name":"Agent","type":"hetumind.agent","typeVersion":%s,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":%s}},
                {"name":"Word length","type":"hetumind.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":"return String(query.length)"}},
                """
                .formatted(version, AiRun.withSystemMessage(options));
    }

    static final String GPT =
            """
            {"name":"Model","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
              "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;

    static final String CLAUDE =
            """
            {"name":"Model","type":"hetumind.lmChatAnthropic","typeVersion":1.3,"parameters":{
              "model":{"__rl":true,"mode":"list","value":"claude-3-5-haiku-20241022"},"options":{"maxTokensToSample":100}},
             "credentials":{"anthropicApi":{"id":"2","name":"Anthropic"}}}
            """;

    static final String OLLAMA =
            """
            {"name":"Model","type":"hetumind.lmChatOllama","typeVersion":1,"parameters":{"model":"llama3.2"},
             "credentials":{"ollamaApi":{"id":"o1","name":"Ollama account"}}}
            """;

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "Model":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Word length":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    private static ExecutionResult run(FakeProvider p, String nodes, List<ChunkSink.Chunk> chunks) {
        RunRequest request =
                RunRequest.defaults().sequential().withInput(List.of(AiRun.item("{\"q\":\"How long is banana?\"}")));
        if (chunks != null) {
            request = request.withService(ChunkSink.class, chunks::add);
        }
        return AiRun.openAi(p)
                .run(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(nodes, WIRES)), request);
    }

    private static List<String> shape(List<ChunkSink.Chunk> chunks) {
        return chunks.stream()
                .map(c -> c.type().wire() + (c.content() == null ? "" : ":" + c.content()))
                .toList();
    }

    @Test
    void openAiStreamsTheFinalAnswerButNotTheStreamedToolCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiStreamToolCall("Word_length", "{\"inp", "ut\":\"ban", "ana\"}"))
                    .then(FakeProvider.openAiStream("banana ", "has 6 ", "letters"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, agent(2.1, "{}") + GPT, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ", "item:has 6 ", "item:letters", "end");
            JsonNode first = chunks.getFirst().toJson();
            assertThat(first.get("metadata").get("nodeName").asText()).isEqualTo("Agent");
            assertThat(first.get("metadata").get("runIndex").asInt()).isZero();
            assertThat(first.get("metadata").get("itemIndex").asInt()).isZero();
            assertThat(first.get("metadata").get("timestamp").asLong()).isPositive();
            assertThat(first.has("content")).isFalse();
            // the run data holds the whole answer, as without streaming
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("banana has 6 letters");
            assertThat(p.requests.get(0).body().get("stream").asBoolean()).isTrue();
            JsonNode toolResult = p.requests.get(1).body().get("messages").get(3);
            assertThat(toolResult.get("role").asText()).isEqualTo("tool");
            assertThat(toolResult.get("content").asText()).isEqualTo("6"); // arguments assembled from the pieces
            List<JsonNode> calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0)
                            .get("messageOut")
                            .get("toolCalls")
                            .get(0)
                            .get("arguments")
                            .asText())
                    .isEqualTo("{\"input\":\"banana\"}");
            JsonNode last = calls.get(1);
            assertThat(last.get("streamed").asBoolean()).isTrue();
            assertThat(last.get("messageOut").get("text").asText()).isEqualTo("banana has 6 letters");
            assertThat(last.get("tokenUsage").get("total").asInt()).isEqualTo(18);
            assertThat(last.get("finishReason").asText()).isEqualTo("stop");
            assertThat(last.has("firstTokenMs")).isTrue();
            assertThat(last.has("latencyMs")).isTrue();
        }
    }

    @Test
    void anthropicStreamsOverServerSentEvents() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.anthropicStream("Six ", "letters."));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, agent(2.2, "{}") + CLAUDE, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:Six ", "item:letters.", "end");
            assertThat(p.requests.getFirst().path()).isEqualTo("/v1/messages");
            assertThat(p.requests.getFirst().body().get("stream").asBoolean()).isTrue();
            assertThat(p.requests.getFirst().body().get("max_tokens").asInt()).isEqualTo(100);
            JsonNode call = AiRun.modelCalls(r, "Agent").getFirst();
            assertThat(call.get("messageOut").get("text").asText()).isEqualTo("Six letters.");
            assertThat(call.get("tokenUsage").get("input").asInt()).isEqualTo(12);
            assertThat(call.get("tokenUsage").get("output").asInt()).isEqualTo(5);
        }
    }

    @Test
    void ollamaStreamsNewlineDelimitedJson() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.ollamaStream("Ba", "nana", "!"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, agent(2.1, "{}") + OLLAMA, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks)).containsExactly("begin", "item:Ba", "item:nana", "item:!", "end");
            assertThat(p.requests.getFirst().path()).isEqualTo("/api/chat");
            assertThat(p.requests.getFirst().body().get("stream").asBoolean()).isTrue();
            JsonNode call = AiRun.modelCalls(r, "Agent").getFirst();
            assertThat(call.get("messageOut").get("text").asText()).isEqualTo("Banana!");
            assertThat(call.get("tokenUsage").get("input").asInt()).isEqualTo(26);
            assertThat(call.get("tokenUsage").get("output").asInt()).isEqualTo(9);
        }
    }

    @Test
    void withoutASinkOrWithStreamingOffOrBefore21TheModelIsCalledPlainly() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("one"))
                    .thenJson(FakeProvider.openAiText("two"))
                    .thenJson(FakeProvider.openAiText("three"));
            ExecutionResult noSink = run(p, agent(2.1, "{}") + GPT, null);
            List<ChunkSink.Chunk> off = new CopyOnWriteArrayList<>();
            ExecutionResult disabled = run(p, agent(2.1, "{\"enableStreaming\":false}") + GPT, off);
            List<ChunkSink.Chunk> old = new CopyOnWriteArrayList<>();
            ExecutionResult v2 = run(p, agent(2, "{}") + GPT, old);

            assertThat(noSink.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("one");
            assertThat(disabled.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("two");
            assertThat(v2.lastOutput().getFirst().json().get("output").asText()).isEqualTo("three");
            assertThat(off).isEmpty();
            assertThat(old).isEmpty();
            p.requests.forEach(req ->
                    assertThat(req.body().path("stream").asBoolean(false)).isFalse());
        }
    }

    @Test
    void aModelFailingMidStreamFailsTheNodeAfterWhatWasSent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiStreamFailing("The server had an error", "banana "));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, agent(2.1, "{}") + GPT, chunks);

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(shape(chunks)).containsExactly("begin", "item:banana ");
            assertThat(r.state().error().message()).contains("'Model' (OpenAI)").contains("The server had an error");
            assertThat(AiRun.modelCalls(r, "Agent").getFirst().get("error").asText())
                    .contains("The server had an error");
        }
    }
}
