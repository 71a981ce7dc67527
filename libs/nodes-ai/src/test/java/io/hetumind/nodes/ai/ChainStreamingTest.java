package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.spi.trigger.ChunkSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Basic LLM Chain 1.7 ({@code options.enableStreaming}, on by default) streams each item's answer to the run's
 * {@link ChunkSink} as the AI Agent does, over the providers' streamed wire formats; not without a sink, with streaming
 * off, before 1.7 or with an output parser.
 */
class ChainStreamingTest {

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
            "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
            """;

    static String chain(double version, String options) {
        return """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":%s,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}"%s}},
                """
                .formatted(version, options == null ? "" : ",\"options\":" + options);
    }

    private static ExecutionResult run(FakeProvider p, String nodes, List<ChunkSink.Chunk> chunks, String... qs) {
        RunRequest request = RunRequest.defaults()
                .sequential()
                .withInput(java.util.Arrays.stream(qs)
                        .map(q -> AiRun.item("{\"q\":\"" + q + "\"}"))
                        .toList());
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
    void openAiStreamsEachItemsAnswerBetweenBeginAndEnd() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiStream("Blue ", "sky")).then(FakeProvider.openAiStream("Green"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chain(1.7, null) + AgentStreamingTest.GPT, chunks, "A colour?", "Another?");

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(chunks))
                    .containsExactly("begin", "item:Blue ", "item:sky", "end", "begin", "item:Green", "end");
            assertThat(chunks.stream()
                            .map(c -> c.toJson().at("/metadata/itemIndex").asInt()))
                    .containsExactly(0, 0, 0, 0, 1, 1, 1);
            assertThat(chunks.getFirst().toJson().at("/metadata/nodeName").asText())
                    .isEqualTo("Chain");
            assertThat(r.lastOutput())
                    .extracting(i -> i.json().toString())
                    .containsExactly("{\"text\":\"Blue sky\"}", "{\"text\":\"Green\"}");
            p.requests.forEach(
                    req -> assertThat(req.body().get("stream").asBoolean()).isTrue());
            assertThat(AiRun.modelCalls(r, "Chain").getFirst().get("streamed").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void anthropicAndOllamaStreamTheirOwnFormats() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.anthropicStream("Six ", "letters.")).then(FakeProvider.ollamaStream("Ba", "nana"));
            List<ChunkSink.Chunk> claude = new CopyOnWriteArrayList<>();
            List<ChunkSink.Chunk> ollama = new CopyOnWriteArrayList<>();
            ExecutionResult a = run(p, chain(1.7, "{}") + AgentStreamingTest.CLAUDE, claude, "How long?");
            ExecutionResult o = run(p, chain(1.7, "{}") + AgentStreamingTest.OLLAMA, ollama, "Fruit?");

            assertThat(a.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(o.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(shape(claude)).containsExactly("begin", "item:Six ", "item:letters.", "end");
            assertThat(shape(ollama)).containsExactly("begin", "item:Ba", "item:nana", "end");
            assertThat(o.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"Banana\"}");
        }
    }

    @Test
    void withoutASinkWithStreamingOffOrBefore17TheModelIsCalledPlainly() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("one"))
                    .thenJson(FakeProvider.openAiText("two"))
                    .thenJson(FakeProvider.openAiText("three"));
            ExecutionResult noSink = run(p, chain(1.7, null) + AgentStreamingTest.GPT, null, "q");
            List<ChunkSink.Chunk> off = new CopyOnWriteArrayList<>();
            ExecutionResult disabled =
                    run(p, chain(1.7, "{\"enableStreaming\":false}") + AgentStreamingTest.GPT, off, "q");
            List<ChunkSink.Chunk> old = new CopyOnWriteArrayList<>();
            ExecutionResult v16 = run(p, chain(1.6, null) + AgentStreamingTest.GPT, old, "q");

            assertThat(noSink.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"one\"}");
            assertThat(disabled.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"two\"}");
            assertThat(v16.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"three\"}");
            assertThat(off).isEmpty();
            assertThat(old).isEmpty();
            p.requests.forEach(req ->
                    assertThat(req.body().path("stream").asBoolean(false)).isFalse());
        }
    }

    @Test
    void withAnOutputParserNothingStreams() throws Exception {
        String nodes =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","hasOutputParser":true}},
                {"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.2,"parameters":{
                  "jsonSchemaExample":"{\\"colour\\":\\"blue\\"}"}},
                """
                        + AgentStreamingTest.GPT;
        String wires = WIRES.stripTrailing()
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Chain\",\"type\":\"ai_outputParser\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"output\":{\"colour\":\"red\"}}"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            RunRequest request = RunRequest.defaults()
                    .sequential()
                    .withInput(List.of(AiRun.item("{\"q\":\"A colour?\"}")))
                    .withService(ChunkSink.class, chunks::add);
            ExecutionResult r = AiRun.openAi(p)
                    .run(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(nodes, wires)), request);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":{\"colour\":\"red\"}}");
            assertThat(chunks).isEmpty();
            assertThat(p.requests.getFirst().body().path("stream").asBoolean(false))
                    .isFalse();
        }
    }

    @Test
    void aModelFailingMidStreamFailsTheNodeAfterWhatWasSent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiStreamFailing("The server had an error", "Blue "));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            ExecutionResult r = run(p, chain(1.7, null) + AgentStreamingTest.GPT, chunks, "A colour?");

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(shape(chunks)).containsExactly("begin", "item:Blue ");
            assertThat(r.state().error().message()).contains("'Model' (OpenAI)").contains("The server had an error");
        }
    }
}
