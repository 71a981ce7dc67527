package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.SubRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each parse an output parser does for its root is a run of the parser in run data, as n8n's {@code
 * N8nStructuredOutputParser.parse} records it ({@code addInputData} / {@code addOutputData} under {@code
 * ai_outputParser}): {@code {action: "parse", text}} in, {@code {action: "parse", response}} out, the error when the
 * answer does not fit; with auto-fix, n8n's {@code N8nOutputFixingParser} adds an entry around the attempts.
 */
class OutputParserRunDataTest {

    private static final String SCHEMA =
            "{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"city\\\":{\\\"type\\\":\\\"string\\\"},"
                    + "\\\"people\\\":{\\\"type\\\":\\\"integer\\\"}},\\\"required\\\":[\\\"city\\\",\\\"people\\\"]}";

    private static String workflow(boolean autoFix) {
        String nodes = AgentTest.nodes("{}", "return 'x'")
                        .replace("\"promptType\":\"define\"", "\"promptType\":\"define\",\"hasOutputParser\":true")
                + """
                ,{"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.3,"parameters":{
                  "schemaType":"manual","autoFix":%s,"inputSchema":"%s"}}
                """
                        .formatted(autoFix, SCHEMA)
                + (autoFix
                        ? """
                          ,{"name":"Fixer","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
                            "model":{"__rl":true,"mode":"id","value":"gpt-4o-mini"},"options":{"maxRetries":0}},
                           "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
                          """
                        : "");
        String wires = AgentTest.WIRES
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Agent\",\"type\":\"ai_outputParser\",\"index\":0}]]}"
                + (autoFix
                        ? ",\"Fixer\":{\"ai_languageModel\":[[{\"node\":\"Parser\",\"type\":\"ai_languageModel\","
                                + "\"index\":0}]]}"
                        : "");
        return AiRun.workflow(nodes, wires);
    }

    @Test
    void aParseIsAnEntryOfTheParserWithTheTextInAndTheResponseOut() throws Exception {
        String answer = "```json\n{\"output\":{\"city\":\"Oslo\",\"people\":700000}}\n```";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(answer));
            ExecutionResult r =
                    AiRun.openAi(p).run(workflow(false), List.of(AiRun.item("{\"q\":\"Biggest?\",\"user\":\"op1\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode parser = r.toJson().get("runData").get("Parser");
            assertThat(parser).as("one entry per parse").hasSize(1);
            JsonNode entry = parser.get(0);
            assertThat(entry.get("executionStatus").asText()).isEqualTo("success");
            assertThat(entry.get("source").get(0).get("previousNode").asText()).isEqualTo("Agent");
            assertThat(in(entry).toString())
                    .isEqualTo(io.hetumind.core.spi.Json.object()
                            .put("action", "parse")
                            .put("text", answer)
                            .toString());
            assertThat(out(entry).toString())
                    .isEqualTo(
                            "{\"action\":\"parse\",\"response\":{\"output\":{\"city\":\"Oslo\",\"people\":700000}}}");
            assertThat(subRuns(r)).containsExactly("Memory", "GPT", "Parser", "Memory");
        }
    }

    @Test
    void anAnswerThatDoesNotFitIsAnErrorEntryOfTheParser() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"output\":{\"city\":\"Oslo\",\"people\":\"many\"}}"));
            ExecutionResult r =
                    AiRun.openAi(p).run(workflow(false), List.of(AiRun.item("{\"q\":\"Biggest?\",\"user\":\"op2\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            JsonNode entry = r.toJson().get("runData").get("Parser").get(0);
            assertThat(entry.get("executionStatus").asText()).isEqualTo("error");
            assertThat(entry.get("error").get("message").asText())
                    .isEqualTo("'Parser': model output doesn't fit required format: $.people: expected integer, got"
                            + " string");
            assertThat(entry.get("error").get("node").asText()).isEqualTo("Parser");
            assertThat(in(entry).get("text").asText()).contains("many");
            assertThat(entry.get("data").get("ai_outputParser")).isEmpty();
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .isEqualTo(entry.get("error").get("message").asText());
        }
    }

    @Test
    void autoFixIsAnEntryAroundBothAttemptsAndTheFixingModelsCall() throws Exception {
        String bad = "{\"output\":{\"city\":\"Oslo\",\"people\":\"many\"}}";
        String fixed = "{\"output\":{\"city\":\"Oslo\",\"people\":700000}}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(bad)).thenJson(FakeProvider.openAiText(fixed));
            ExecutionResult r =
                    AiRun.openAi(p).run(workflow(true), List.of(AiRun.item("{\"q\":\"Biggest?\",\"user\":\"op3\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode runData = r.toJson().get("runData");
            JsonNode parser = runData.get("Parser");
            assertThat(parser).hasSize(3);
            String response = "{\"action\":\"parse\",\"response\":" + fixed + "}";
            // the fixing parser's own entry, started first, ends with the fixed response
            assertThat(parser.get(0).get("executionStatus").asText()).isEqualTo("success");
            assertThat(in(parser.get(0)).get("text").asText()).isEqualTo(bad);
            assertThat(out(parser.get(0)).toString()).isEqualTo(response);
            // the first attempt failed, the second read the fixed answer
            assertThat(parser.get(1).get("executionStatus").asText()).isEqualTo("error");
            assertThat(in(parser.get(1)).get("text").asText()).isEqualTo(bad);
            assertThat(parser.get(1).get("error").get("message").asText()).contains("expected integer");
            assertThat(parser.get(2).get("executionStatus").asText()).isEqualTo("success");
            assertThat(in(parser.get(2)).get("text").asText()).isEqualTo(fixed);
            assertThat(out(parser.get(2)).toString()).isEqualTo(response);
            JsonNode fixer = runData.get("Fixer");
            assertThat(fixer).hasSize(1);
            assertThat(fixer.get(0).get("source").get(0).get("previousNode").asText())
                    .isEqualTo("Parser");
            assertThat(subRuns(r)).containsExactly("Memory", "GPT", "Parser", "Parser", "Fixer", "Parser", "Memory");
        }
    }

    @Test
    void autoFixThatStillDoesNotFitFailsBothEntries() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Oslo")).thenJson(FakeProvider.openAiText("still Oslo"));
            ExecutionResult r =
                    AiRun.openAi(p).run(workflow(true), List.of(AiRun.item("{\"q\":\"Biggest?\",\"user\":\"op4\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            JsonNode parser = r.toJson().get("runData").get("Parser");
            assertThat(parser).hasSize(3);
            assertThat(parser)
                    .extracting(e -> e.get("executionStatus").asText())
                    .containsExactly("error", "error", "error");
            assertThat(parser.get(0).get("error").get("message").asText())
                    .isEqualTo(parser.get(2).get("error").get("message").asText())
                    .contains("after auto-fix");
        }
    }

    @Test
    void theBasicLlmChainsParseIsRecordedToo() throws Exception {
        String nodes =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.5,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","hasOutputParser":true}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.2,"parameters":{
                  "jsonSchemaExample":"{\\"city\\":\\"Paris\\"}"}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]},
                "Parser":{"ai_outputParser":[[{"node":"Chain","type":"ai_outputParser","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"output\":{\"city\":\"Oslo\"}}"));
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"?\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode entry = r.toJson().get("runData").get("Parser").get(0);
            assertThat(entry.get("source").get(0).get("previousNode").asText()).isEqualTo("Chain");
            assertThat(out(entry).get("response").toString()).isEqualTo("{\"output\":{\"city\":\"Oslo\"}}");
        }
    }

    private static List<String> subRuns(ExecutionResult r) {
        return r.state().runs("Agent").getFirst().subRuns().stream()
                .map(SubRun::node)
                .toList();
    }

    private static JsonNode in(JsonNode entry) {
        return entry.get("inputOverride").get("ai_outputParser").get(0).get(0).get("json");
    }

    private static JsonNode out(JsonNode entry) {
        return entry.get("data").get("ai_outputParser").get(0).get(0).get("json");
    }
}
