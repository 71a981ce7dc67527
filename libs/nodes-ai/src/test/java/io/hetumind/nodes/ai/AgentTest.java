package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {

    static String nodes(String agentOptions, String toolCode) {
        return """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":%s}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Memory","type":"hetumind.memoryBufferWindow","typeVersion":1.3,"parameters":{
                  "sessionIdType":"customKey","sessionKey":"={{ $json.user }}","contextWindowLength":2}},
                {"name":"Word length","type":"hetumind.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":%s}}
                """
                .formatted(
                        AiRun.withSystemMessage(agentOptions),
                        io.hetumind.core.spi.Json.F.textNode(toolCode).toString());
    }

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Memory":{"ai_memory":[[{"node":"Agent","type":"ai_memory","index":0}]]},
            "Word length":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    @Test
    void aCodeToolWhoseCodeAnExportLeftOutRunsN8nsSample() throws Exception {
        // n8n's default code answers the query in upper case; its exports leave a default out
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"banana\"}"))
                    .thenJson(FakeProvider.openAiText("done"));
            String wf = AiRun.workflow(nodes("{}", "x"), WIRES).replace(",\"jsCode\":\"x\"", "");
            assertThat(wf).doesNotContain("jsCode");
            ExecutionResult r = AiRun.openAi(p).run(wf, List.of(AiRun.item("{\"q\":\"shout\",\"user\":\"u2\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode messages = p.requests.get(1).body().get("messages");
            JsonNode answered = null;
            for (JsonNode m : messages) {
                if ("tool".equals(m.path("role").asText())) {
                    answered = m;
                }
            }
            assertThat(answered).as("the tool's answer in %s", messages).isNotNull();
            assertThat(answered.get("content").asText()).as("%s", messages).isEqualTo("BANANA");
        }
    }

    @Test
    void callsToolsUntilTheModelAnswersAndRemembersTheSession() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"banana\"}"))
                    .thenJson(FakeProvider.openAiText("banana has 6 letters"))
                    .thenJson(FakeProvider.openAiText("You asked about banana"));
            AiRun run = AiRun.openAi(p);
            String wf = AiRun.workflow(
                    nodes(
                            "{\"returnIntermediateSteps\":true,\"systemMessage\":\"Be brief\"}",
                            "return String(query.length)"),
                    WIRES);
            ExecutionResult r = run.run(wf, List.of(AiRun.item("{\"q\":\"How long is banana?\",\"user\":\"u1\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode out = r.lastOutput().getFirst().json();
            assertThat(out.get("output").asText()).isEqualTo("banana has 6 letters");
            assertThat(out.get("intermediateSteps").toString())
                    .isEqualTo(
                            "[{\"action\":{\"tool\":\"Word_length\",\"toolInput\":\"{\\\"input\\\":\\\"banana\\\"}\","
                                    + "\"toolCallId\":\"call_0\"},\"observation\":\"6\"}]");
            JsonNode first = p.requests.get(0).body();
            assertThat(first.get("tools").get(0).get("function").get("name").asText())
                    .isEqualTo("Word_length");
            assertThat(first.get("tools")
                            .get(0)
                            .get("function")
                            .get("description")
                            .asText())
                    .isEqualTo("Counts the letters of a word");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be brief\"}");
            assertThat(second.get(3).get("role").asText()).isEqualTo("tool");
            assertThat(second.get(3).get("tool_call_id").asText()).isEqualTo("call_0");
            assertThat(second.get(3).get("content").asText()).isEqualTo("6");
            assertThat(AiRun.modelCalls(r, "Agent")).hasSize(2);
            assertThat(AiRun.modelCalls(r, "Agent")
                            .getFirst()
                            .get("messageOut")
                            .get("toolCalls")
                            .get(0)
                            .get("name")
                            .asText())
                    .isEqualTo("Word_length");

            ExecutionResult again = run.run(wf, List.of(AiRun.item("{\"q\":\"What did I ask?\",\"user\":\"u1\"}")));
            assertThat(again.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("You asked about banana");
            JsonNode third = p.requests.get(2).body().get("messages");
            assertThat(third).hasSize(4); // system, the remembered exchange, the new question
            assertThat(third.get(1).get("content").asText()).isEqualTo("How long is banana?");
            assertThat(third.get(2).get("content").asText()).isEqualTo("banana has 6 letters");
        }
    }

    @Test
    void stopsAtMaxIterations() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            for (int i = 0; i < 5; i++) {
                p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"x\"}"));
            }
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes("{\"maxIterations\":3}", "return 'one'"), WIRES),
                            List.of(AiRun.item("{\"q\":\"loop\",\"user\":\"u2\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("Agent stopped due to max iterations.");
            assertThat(p.requests).hasSize(3);
        }
    }

    @Test
    void aFailingToolAndAnUnknownToolAreToldToTheModel() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"x\"}", "Nope", "{}"))
                    .thenJson(FakeProvider.openAiText("sorry"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes("{}", "throw new Error('no dictionary')"), WIRES),
                            List.of(AiRun.item("{\"q\":\"x\",\"user\":\"u3\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode msgs = p.requests.get(1).body().get("messages");
            assertThat(msgs.get(3).get("content").asText())
                    .startsWith("There was an error: \"")
                    .contains("no dictionary");
            assertThat(msgs.get(4).get("content").asText())
                    .isEqualTo("There was an error: \"Nope is not a valid tool, try one of [Word_length].\"");
        }
    }

    @Test
    void anAgentWithoutItsModelIsInvalidNamingTheAgent() {
        String wires = WIRES.replace(
                "\"GPT\":{\"ai_languageModel\":[[{\"node\":\"Agent\",\"type\":\"ai_languageModel\",\"index\":0}]]},",
                "");
        var report = new io.hetumind.core.validate.WorkflowValidator(AiRun.REGISTRY)
                .validate(io.hetumind.core.format.WorkflowFormat.readJson(
                        AiRun.workflow(nodes("{}", "return 'x'"), wires)));
        assertThat(report.errors())
                .extracting(io.hetumind.core.validate.Problem::message)
                .contains("'Agent' needs a Chat Model connected to its ai_languageModel input");
    }

    @Test
    void structuredOutputIsParsedAndABadAnswerIsFixedByTheParsersModel() throws Exception {
        String nodes = nodes("{}", "return 'x'")
                        .replace("\"promptType\":\"define\"", "\"promptType\":\"define\",\"hasOutputParser\":true")
                + """
                ,{"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.3,"parameters":{
                  "schemaType":"manual","autoFix":true,
                  "inputSchema":"{\\"type\\":\\"object\\",\\"properties\\":{\\"city\\":{\\"type\\":\\"string\\"},\\"people\\":{\\"type\\":\\"integer\\"}},\\"required\\":[\\"city\\",\\"people\\"]}"}},
                {"name":"Fixer","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"model":{"__rl":true,"mode":"id","value":"gpt-4o-mini"}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
                """;
        String wires = WIRES
                + """
                ,"Parser":{"ai_outputParser":[[{"node":"Agent","type":"ai_outputParser","index":0}]]},
                "Fixer":{"ai_languageModel":[[{"node":"Parser","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("```json\n{\"output\":{\"city\":\"Oslo\",\"people\":\"many\"}}\n```"))
                    .thenJson(FakeProvider.openAiText("{\"output\":{\"city\":\"Oslo\",\"people\":700000}}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires),
                            List.of(AiRun.item("{\"q\":\"Biggest city?\",\"user\":\"u4\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"output\":{\"city\":\"Oslo\",\"people\":700000}}");
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .isEqualTo("You are a helpful assistant\n\nIMPORTANT: For your response to user, you MUST use the"
                            + " `format_final_json_response` tool with your complete answer formatted according to the"
                            + " required schema. Do not attempt to format the JSON manually - always use this tool. Your"
                            + " response will be rejected if it is not properly formatted through this tool. Only use"
                            + " this tool once you are ready to provide your final answer.");
            JsonNode formatTool = p.requests.get(0).body().get("tools").get(1).get("function");
            assertThat(formatTool.get("name").asText()).isEqualTo("format_final_json_response");
            assertThat(formatTool
                            .get("parameters")
                            .get("properties")
                            .get("output")
                            .get("properties")
                            .has("people"))
                    .isTrue();
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .contains("$.people: expected integer, got string");
            assertThat(p.requests.get(1).body().get("model").asText()).isEqualTo("gpt-4o-mini");
        }
    }

    @Test
    void anAnswerThatNeverFitsIsAClearError() throws Exception {
        String nodes = nodes("{}", "return 'x'")
                        .replace("\"promptType\":\"define\"", "\"promptType\":\"define\",\"hasOutputParser\":true")
                + """
                ,{"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.2,"parameters":{
                  "jsonSchemaExample":"{\\"city\\":\\"Paris\\"}"}}
                """;
        String wires = WIRES
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Agent\",\"type\":\"ai_outputParser\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("I think it is Oslo"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires),
                            List.of(AiRun.item("{\"q\":\"Biggest city?\",\"user\":\"u5\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .isEqualTo("'Parser': model output doesn't fit required format: the answer holds no JSON");
        }
    }

    @Test
    void theFormatToolCallIsTheAnswerAndItsArgumentsAreParsed() throws Exception {
        String nodes = nodes("{}", "return 'x'")
                        .replace("\"promptType\":\"define\"", "\"promptType\":\"define\",\"hasOutputParser\":true")
                + """
                ,{"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.2,"parameters":{
                  "jsonSchemaExample":"{\\"city\\":\\"Paris\\"}"}}
                """;
        String wires = WIRES
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Agent\",\"type\":\"ai_outputParser\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls(
                    "format_final_json_response",
                    "{\"output\":{\"city\":\"Oslo\"}}",
                    "Word_length",
                    "{\"input\":\"x\"}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires),
                            List.of(AiRun.item("{\"q\":\"Biggest city?\",\"user\":\"u9\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":{\"city\":\"Oslo\"}}");
            assertThat(p.requests)
                    .as("the call ends the agent; the other tool is not run")
                    .hasSize(1);
            assertThat(r.state().runs("Word length")).isEmpty();
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("format_final_json_response", "{\"output\":{\"city\":1}}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires),
                            List.of(AiRun.item("{\"q\":\"Biggest city?\",\"user\":\"u10\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .startsWith("'Parser': model output doesn't fit required format");
        }
    }
}
