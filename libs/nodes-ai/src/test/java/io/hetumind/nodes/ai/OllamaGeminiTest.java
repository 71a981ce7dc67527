package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ollama's /api/chat and Gemini's generateContent, each against a fake speaking its wire protocol. */
class OllamaGeminiTest {

    static String agent(String modelNode) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":1.9,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"Be brief"}}},
                %s,
                {"name":"Word length","type":"@n8n/n8n-nodes-langchain.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":"return String(query.length)"}}
                """
                .formatted(modelNode);
    }

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "Model":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Word length":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    static final String OLLAMA =
            """
            {"name":"Model","type":"@n8n/n8n-nodes-langchain.lmChatOllama","typeVersion":1,"parameters":{
              "model":"qwen2.5:7b","options":{"temperature":0.1,"numCtx":8192,"topK":20,"keepAlive":"10m",
              "useMMap":false,"maxRetries":1}},
             "credentials":{"ollamaApi":{"id":"o1","name":"Ollama account"}}}
            """;

    static final String GEMINI =
            """
            {"name":"Model","type":"@n8n/n8n-nodes-langchain.lmChatGoogleGemini","typeVersion":1,"parameters":{
              "modelName":"models/gemini-2.5-flash","options":{"maxOutputTokens":256,"temperature":0.3,"topK":-1,
              "safetySettings":{"values":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_ONLY_HIGH"}]},
              "maxRetries":1}},
             "credentials":{"googlePalmApi":{"id":"g1","name":"Gemini account"}}}
            """;

    @Test
    void ollamaDrivesTheAgentsToolLoopOverApiChat() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.ollamaToolCalls("Word_length", "{\"input\":\"banana\"}"))
                    .thenJson(FakeProvider.ollamaText("banana has 6 letters"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(agent(OLLAMA), WIRES), List.of(AiRun.item("{\"q\":\"How long is banana?\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("banana has 6 letters");

            assertThat(p.requests).hasSize(2);
            var first = p.requests.getFirst();
            assertThat(first.method()).isEqualTo("POST");
            assertThat(first.path()).isEqualTo("/api/chat");
            assertThat(first.header("Authorization")).isNull();
            JsonNode body = first.body();
            assertThat(body.get("model").asText()).isEqualTo("qwen2.5:7b");
            assertThat(body.get("stream").asBoolean()).isFalse();
            assertThat(body.get("keep_alive").asText()).isEqualTo("10m");
            assertThat(body.get("options").toString())
                    .isEqualTo("{\"temperature\":0.1,\"top_k\":20,\"num_ctx\":8192,\"use_mmap\":false}");
            assertThat(body.get("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief\"},"
                            + "{\"role\":\"user\",\"content\":\"How long is banana?\"}]");
            JsonNode tool = body.get("tools").get(0);
            assertThat(tool.get("type").asText()).isEqualTo("function");
            assertThat(tool.at("/function/name").asText()).isEqualTo("Word_length");
            assertThat(tool.at("/function/description").asText()).isEqualTo("Counts the letters of a word");
            assertThat(tool.at("/function/parameters/type").asText()).isEqualTo("object");

            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second).hasSize(4);
            assertThat(second.get(2).toString())
                    .isEqualTo("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                            + "{\"name\":\"Word_length\",\"arguments\":{\"input\":\"banana\"}}}]}");
            assertThat(second.get(3).toString())
                    .isEqualTo("{\"role\":\"tool\",\"content\":\"6\",\"tool_name\":\"Word_length\"}");

            var calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(2);
            assertThat(calls.getFirst().get("provider").asText()).isEqualTo("Ollama");
            assertThat(calls.getFirst().get("model").asText()).isEqualTo("qwen2.5:7b");
            assertThat(calls.getFirst().at("/messageOut/toolCalls/0/arguments").asText())
                    .isEqualTo("{\"input\":\"banana\"}");
            assertThat(calls.get(1).get("tokenUsage").toString()).isEqualTo("{\"input\":26,\"output\":9,\"total\":35}");
            assertThat(calls.get(1).get("finishReason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void ollamaRetriesA429AfterRetryAfterAndNamesAMissingModel() throws Exception {
        String chain =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{"promptType":"define","text":"hi"}},
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(429, Map.of("Retry-After", "1"), "{\"error\":\"busy\"}"))
                    .thenJson(FakeProvider.ollamaText("hello"));
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(chain + OLLAMA, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("text").asText()).isEqualTo("hello");
            assertThat(p.times).hasSize(2);
            assertThat((p.times.get(1) - p.times.get(0)) / 1_000_000).isGreaterThanOrEqualTo(900);
        }
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(
                    404, Map.of(), "{\"error\":\"model \\\"qwen2.5:7b\\\" not found, try pulling it first\"}"));
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(chain + OLLAMA, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            var error = r.state().runs("Chain").getFirst().error();
            assertThat(error.message())
                    .startsWith("'Model' (Ollama) answered HTTP 404: ")
                    .contains("not found, try pulling it first");
            assertThat(error.kind()).isEqualTo(ErrorKind.USER);
        }
    }

    @Test
    void geminiDrivesTheAgentsToolLoopOverGenerateContent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.geminiFunctionCalls("Word_length", "{\"input\":\"kiwi\"}"))
                    .thenJson(FakeProvider.geminiText("kiwi has 4 letters"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(agent(GEMINI), WIRES), List.of(AiRun.item("{\"q\":\"How long is kiwi?\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("kiwi has 4 letters");

            var first = p.requests.getFirst();
            assertThat(first.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
            assertThat(first.header("x-goog-api-key")).isEqualTo("gk-test");
            JsonNode body = first.body();
            assertThat(body.get("systemInstruction").toString()).isEqualTo("{\"parts\":[{\"text\":\"Be brief\"}]}");
            assertThat(body.get("contents").toString())
                    .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"text\":\"How long is kiwi?\"}]}]");
            assertThat(body.get("generationConfig").toString())
                    .isEqualTo("{\"maxOutputTokens\":256,\"temperature\":0.3}");
            assertThat(body.get("safetySettings").toString())
                    .isEqualTo("[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_ONLY_HIGH\"}]");
            JsonNode decl = body.at("/tools/0/functionDeclarations/0");
            assertThat(decl.get("name").asText()).isEqualTo("Word_length");
            assertThat(decl.at("/parameters/type").asText()).isEqualTo("OBJECT");
            assertThat(decl.at("/parameters/properties/input/type").asText()).isEqualTo("STRING");
            assertThat(decl.at("/parameters").has("additionalProperties")).isFalse();

            JsonNode contents = p.requests.get(1).body().get("contents");
            assertThat(contents).hasSize(3);
            assertThat(contents.get(1).toString())
                    .isEqualTo("{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                            + "{\"name\":\"Word_length\",\"args\":{\"input\":\"kiwi\"}}}]}");
            assertThat(contents.get(2).toString())
                    .isEqualTo("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Word_length\","
                            + "\"response\":{\"name\":\"Word_length\",\"content\":\"4\"}}}]}");

            var calls = AiRun.modelCalls(r, "Agent");
            assertThat(calls).hasSize(2);
            assertThat(calls.getFirst().get("provider").asText()).isEqualTo("Google Gemini");
            assertThat(calls.getFirst().get("finishReason").asText()).isEqualTo("tool_execution");
            assertThat(calls.get(1).get("tokenUsage").toString()).isEqualTo("{\"input\":21,\"output\":4,\"total\":25}");
        }
    }

    @Test
    void geminiSaysWhenItBlockedThePromptAndRefusesBadSafetySettings() throws Exception {
        String chain =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{"promptType":"define","text":"hi"}},
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(
                    200, Map.of(), "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{}}"));
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(chain + GEMINI, wires), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Chain").getFirst().error().message())
                    .isEqualTo("'Model' (Google Gemini): Gemini blocked the prompt (SAFETY)");

            ExecutionResult bad = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(chain + GEMINI.replace("BLOCK_ONLY_HIGH", "BLOCK_SOME"), wires),
                            List.of(AiRun.item("{}")));
            assertThat(bad.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(bad.state().runs("Chain").getFirst().error().message())
                    .contains("parameter 'options.safetySettings': unknown threshold 'BLOCK_SOME'");
            assertThat(p.requests).hasSize(1);
        }
    }

    @Test
    void bothModelsObeyTheNetworkPolicy() throws Exception {
        String chain =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{"promptType":"define","text":"hi"}},
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            var creds = Map.of(
                    "ollamaApi", io.hetumind.core.spi.Json.object().put("baseUrl", p.url()),
                    "googlePalmApi",
                            io.hetumind.core.spi.Json.object()
                                    .put("apiKey", "k")
                                    .put("host", p.url()));
            for (String model : List.of(OLLAMA, GEMINI)) {
                ExecutionResult r = new AiRun(creds, io.hetumind.core.spi.NetworkPolicy.publicOnly())
                        .run(AiRun.workflow(chain + model, wires), List.of(AiRun.item("{}")));
                assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
                var error = r.state().runs("Chain").getFirst().error();
                assertThat(error.message()).startsWith("'Model' (").contains("127.0.0.1");
                assertThat(error.kind()).isEqualTo(ErrorKind.USER);
            }
            assertThat(p.requests).isEmpty();
        }
    }
}
