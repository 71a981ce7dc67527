package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.validate.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AI Agent's versions before 1.7 and after 2.2: what each reads, sends and answers. */
class AgentVersionsTest {

    /** An agent of {@code version} with {@code parameters}, a model and a Code tool that runs {@code toolCode}. */
    static String nodes(double version, String parameters, String toolCode) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":%s,"parameters":%s},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Word length","type":"@n8n/n8n-nodes-langchain.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":%s}}
                """
                .formatted(version, parameters, io.hetumind.core.spi.Json.F.textNode(toolCode));
    }

    static final String WIRES = AgentTest.WIRES.replace(
            "\"Memory\":{\"ai_memory\":[[{\"node\":\"Agent\",\"type\":\"ai_memory\",\"index\":0}]]},", "");

    private static ExecutionResult run(FakeProvider p, double version, String parameters, String item) {
        return AiRun.openAi(p)
                .run(
                        AiRun.workflow(nodes(version, parameters, "return String(query.length)"), WIRES),
                        List.of(AiRun.item(item)));
    }

    @Test
    void aFreshV31AgentReadsChatInputRunsToolsAndAnswers() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"kiwi\"}"))
                    .thenJson(FakeProvider.openAiText("kiwi has 4 letters"));
            ExecutionResult r = run(p, 3.1, "{\"options\":{}}", "{\"chatInput\":\"How long is kiwi?\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":\"kiwi has 4 letters\"}");
            JsonNode first = p.requests.get(0).body().get("messages");
            // from 1.9 n8n sends a system message only when the option is set
            assertThat(first.toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"How long is kiwi?\"}]");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second.get(2).get("content").asText()).isEqualTo("4");
        }
    }

    @Test
    void v3ReturnsStepsOnlyWhenThereWereSomeAndV22Always() throws Exception {
        String params = "{\"promptType\":\"define\",\"text\":\"hi\",\"options\":{\"returnIntermediateSteps\":true}}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("hello")).thenJson(FakeProvider.openAiText("hello"));
            assertThat(run(p, 3, params, "{}").lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"output\":\"hello\"}");
            assertThat(run(p, 2.2, params, "{}").lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"output\":\"hello\",\"intermediateSteps\":[]}");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"ab\"}"))
                    .thenJson(FakeProvider.openAiText("2"));
            JsonNode out = run(p, 3.1, params, "{}").lastOutput().getFirst().json();
            assertThat(out.get("intermediateSteps").get(0).get("observation").asText())
                    .isEqualTo("2");
        }
    }

    @Test
    void v3FailsWhenTheIterationsRunOutWhereV2Stops() throws Exception {
        String params = "{\"promptType\":\"define\",\"text\":\"loop\",\"options\":{\"maxIterations\":2}}";
        try (FakeProvider p = new FakeProvider()) {
            for (int i = 0; i < 4; i++) {
                p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"x\"}"));
            }
            ExecutionResult r = run(p, 3.1, params, "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .isEqualTo("Max iterations (2) reached. The agent could not complete the task within the allowed"
                            + " number of iterations.");
            assertThat(p.requests).hasSize(2);
            ExecutionResult v2 = run(p, 2.2, params, "{}");
            assertThat(v2.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(v2.lastOutput().getFirst().json().get("output").asText())
                    .isEqualTo("Agent stopped due to max iterations.");
        }
    }

    @Test
    void aToolErrorIsToldToTheModelInV31() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"x\"}"))
                    .thenJson(FakeProvider.openAiText("the tool failed"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(
                                    nodes(3.1, "{\"promptType\":\"define\",\"text\":\"go\"}", "throw new Error('no')"),
                                    WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(2)
                            .get("content")
                            .asText())
                    .startsWith("There was an error: \"")
                    .contains("no");
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("the tool failed");
        }
    }

    @Test
    void guardrailsInputIsThePromptUntil30AndRefusedIn31() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("ok"));
            ExecutionResult r = run(
                    p,
                    3,
                    "{\"promptType\":\"guardrails\"}",
                    "{\"guardrailsInput\":\"checked text\",\"chatInput\":\"no\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .isEqualTo("checked text");
            assertThatThrownBy(() -> run(p, 3.1, "{\"promptType\":\"guardrails\"}", "{}"))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining("must be one of [\"auto\", \"define\"], got \"guardrails\"");
        }
    }

    @Test
    void v16DefaultsToTheToolsAgent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("hi there"));
            ExecutionResult r =
                    run(p, 1.6, "{\"promptType\":\"define\",\"text\":\"={{ $json.q }}\"}", "{\"q\":\"hi\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":\"hi there\"}");
            assertThat(p.requests.get(0).body().get("messages").get(0).toString())
                    .as("before 1.9 the default system message is sent")
                    .isEqualTo("{\"role\":\"system\",\"content\":\"You are a helpful assistant\"}");
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("tools")
                            .get(0)
                            .get("function")
                            .get("name")
                            .asText())
                    .isEqualTo("Word_length");
        }
    }

    @Test
    void v1ToolsAgentReadsItsTextParameterAndItsDefault() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("a")).thenJson(FakeProvider.openAiText("b"));
            run(p, 1, "{\"agent\":\"toolsAgent\"}", "{\"input\":\"from input\",\"chatInput\":\"not this\"}");
            run(p, 1.1, "{\"agent\":\"toolsAgent\",\"text\":\"={{ $json.x }}\"}", "{\"x\":\"from x\"}");
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .isEqualTo("from input");
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .isEqualTo("from x");
        }
    }

    @Test
    void agentTypesNotBuiltAreValidationErrorsNamingTypeAndVersions() {
        var validator = new io.hetumind.core.validate.WorkflowValidator(AiRun.REGISTRY);
        var sql = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(
                nodes(1.5, "{\"agent\":\"sqlAgent\",\"promptType\":\"define\",\"text\":\"x\"}", "return 1"), WIRES)));
        assertThat(sql.errors())
                .extracting(Problem::message)
                .containsExactly("agent type 'sqlAgent' (SQL Agent, AI Agent 1–1.9) is not supported by Hetumind yet;"
                        + " 'toolsAgent' (Tools Agent), 'conversationalAgent', 'reActAgent' and 'planAndExecuteAgent'"
                        + " run here: choose one on the node, or use AI Agent 3.1");
        for (String type : List.of("openAiFunctionsAgent")) {
            var report = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(
                    nodes(1.7, "{\"agent\":\"" + type + "\",\"promptType\":\"define\",\"text\":\"x\"}", "return 1"),
                    WIRES)));
            assertThat(report.errors())
                    .extracting(Problem::message)
                    .singleElement()
                    .asString()
                    .startsWith("agent type '" + type + "' (")
                    .contains("AI Agent 1–1.9");
        }
        for (String type : List.of("toolsAgent", "conversationalAgent", "reActAgent", "planAndExecuteAgent")) {
            var ok = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(
                    nodes(1.5, "{\"agent\":\"" + type + "\",\"promptType\":\"define\",\"text\":\"x\"}", "return 1"),
                    WIRES)));
            assertThat(ok.errors()).isEmpty();
        }
    }

    static final String BLOB = "```json\n{\n    \"action\": \"%s\",\n    \"action_input\": \"%s\"\n}\n```";

    @Test
    void v15DefaultsToTheConversationalAgentWhichReadsActionBlobs() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(BLOB.formatted("Word_length", "kiwi")))
                    .thenJson(FakeProvider.openAiText(BLOB.formatted("Final Answer", "kiwi has 4 letters")));
            ExecutionResult r = run(
                    p,
                    1.5,
                    "{\"promptType\":\"define\",\"text\":\"={{ $json.q }}\",\"options\":{\"returnIntermediateSteps\":true}}",
                    "{\"q\":\"How long is kiwi?\"}");
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode out = r.lastOutput().getFirst().json();
            assertThat(out.get("output").asText()).isEqualTo("kiwi has 4 letters");
            assertThat(out.get("intermediateSteps")
                            .get(0)
                            .get("action")
                            .get("tool")
                            .asText())
                    .isEqualTo("Word_length");
            assertThat(out.get("intermediateSteps").get(0).get("observation").asText())
                    .isEqualTo("4");

            JsonNode first = p.requests.get(0).body();
            assertThat(first.has("tools"))
                    .as("tools are described in the prompt, not offered")
                    .isFalse();
            assertThat(first.get("stop").toString()).isEqualTo("[\"Observation:\"]");
            JsonNode messages = first.get("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).get("content").asText())
                    .startsWith("Assistant is a large language model trained by OpenAI.")
                    .endsWith(" However, above all else, all responses must adhere to the format of RESPONSE FORMAT"
                            + " INSTRUCTIONS.");
            String human = messages.get(1).get("content").asText();
            assertThat(human)
                    .startsWith("TOOLS\n------\n")
                    .contains("\n\nWord_length: Counts the letters of a word\n\nRESPONSE FORMAT INSTRUCTIONS")
                    .contains("\n{\n    \"action\": string, // The action to take. Must be one of [Word_length]\n")
                    .doesNotContain("{{")
                    .endsWith("and NOTHING else):\n\nHow long is kiwi?");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second).hasSize(4);
            assertThat(second.get(2).get("role").asText()).isEqualTo("assistant");
            assertThat(second.get(2).get("content").asText()).isEqualTo(BLOB.formatted("Word_length", "kiwi"));
            assertThat(second.get(3).get("role").asText()).isEqualTo("user");
            assertThat(second.get(3).get("content").asText())
                    .startsWith("TOOL RESPONSE:\n---------------------\n4\n\nUSER'S INPUT");
        }
    }

    @Test
    void theConversationalAgentAsksTheModelToFixAnAnswerThatIsNotABlobThenFails() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("It is 4 letters long."))
                    .thenJson(FakeProvider.openAiText(BLOB.formatted("Final Answer", "4")));
            ExecutionResult r = run(p, 1, "{\"text\":\"={{ $json.q }}\"}", "{\"q\":\"kiwi?\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":\"4\"}");
            JsonNode fix = p.requests.get(1).body().get("messages");
            assertThat(fix).hasSize(1);
            assertThat(fix.get(0).get("content").asText())
                    .startsWith("Instructions:\n--------------\nRESPONSE FORMAT INSTRUCTIONS")
                    .contains("Completion:\n--------------\nIt is 4 letters long.\n")
                    .contains(
                            "Error:\n--------------\nFailed to parse. Text: \"It is 4 letters long.\". Error: SyntaxError");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("no")).thenJson(FakeProvider.openAiText("still no"));
            ExecutionResult r = run(p, 1.5, "{\"promptType\":\"define\",\"text\":\"x\"}", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .startsWith("'Agent' (Conversational Agent): the model's answer is not an action even after a fix:"
                            + " Failed to parse. Text: \"still no\"");
        }
    }

    @Test
    void theConversationalAgentToldAnUnknownToolAndRefusesStructuredTools() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(BLOB.formatted("Dictionary", "kiwi")))
                    .thenJson(FakeProvider.openAiText(BLOB.formatted("Final Answer", "unknown")));
            ExecutionResult r = run(p, 1.5, "{\"promptType\":\"define\",\"text\":\"x\"}", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .startsWith(
                            "TOOL RESPONSE:\n---------------------\nDictionary is not a valid tool, try another one.");
        }
        String structured = nodes(1.5, "{\"promptType\":\"define\",\"text\":\"x\"}", "return 1")
                .replace(
                        "\"description\":\"Counts the letters of a word\"",
                        "\"description\":\"Counts\",\"specifyInputSchema\":true,\"schemaType\":\"manual\","
                                + "\"inputSchema\":\"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
                                + "{\\\"word\\\":{\\\"type\\\":\\\"string\\\"}}}\"");
        try (FakeProvider p = new FakeProvider()) {
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(structured, WIRES), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .startsWith("The selected tools are not supported by \"Conversational Agent\", please use \"Tools"
                            + " Agent\" instead (incompatible connected tools: \"Word_length\")");
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void theConversationalAgentKeepsMemoryAndReadsAParsersAnswerAsN8nNestsIt() throws Exception {
        String memory =
                """
                ,{"name":"Memory","type":"hetumind.memoryBufferWindow","typeVersion":1.3,"parameters":{
                  "sessionIdType":"customKey","sessionKey":"conv-1"}}
                """;
        String wires =
                WIRES + ",\"Memory\":{\"ai_memory\":[[{\"node\":\"Agent\",\"type\":\"ai_memory\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(BLOB.formatted("Final Answer", "Hi Ada")))
                    .thenJson(FakeProvider.openAiText(BLOB.formatted("Final Answer", "Ada")));
            AiRun run = AiRun.openAi(p);
            String wf = AiRun.workflow(
                    nodes(1.5, "{\"promptType\":\"define\",\"text\":\"={{ $json.q }}\"}", "return 1") + memory, wires);
            run.run(wf, List.of(AiRun.item("{\"q\":\"I am Ada\"}")));
            ExecutionResult r = run.run(wf, List.of(AiRun.item("{\"q\":\"Who am I?\"}")));
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":\"Ada\"}");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second).hasSize(4);
            assertThat(second.get(1).get("content").asText()).isEqualTo("I am Ada");
            assertThat(second.get(2).get("content").asText()).isEqualTo("Hi Ada");
            assertThat(second.get(3).get("content").asText()).endsWith("\n\nWho am I?");
        }
        String parser =
                """
                ,{"name":"Parser","type":"hetumind.outputParserStructured","typeVersion":1.2,"parameters":{
                  "schemaType":"manual",
                  "inputSchema":"{\\"type\\":\\"object\\",\\"properties\\":{\\"city\\":{\\"type\\":\\"string\\"}}}"}}
                """;
        String parserWires = WIRES
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Agent\",\"type\":\"ai_outputParser\",\"index\":0}]]}";
        for (double version : new double[] {1.6, 1.7}) {
            try (FakeProvider p = new FakeProvider()) {
                p.thenJson(FakeProvider.openAiText(
                        BLOB.formatted("Final Answer", "{\\\"output\\\":{\\\"city\\\":\\\"Oslo\\\"}}")));
                ExecutionResult r = AiRun.openAi(p)
                        .run(
                                AiRun.workflow(
                                        nodes(
                                                        version,
                                                        "{\"agent\":\"conversationalAgent\",\"promptType\":\"define\","
                                                                + "\"text\":\"city?\",\"hasOutputParser\":true}",
                                                        "return 1")
                                                + parser,
                                        parserWires),
                                List.of(AiRun.item("{}")));
                assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
                assertThat(r.lastOutput().getFirst().json().toString())
                        .isEqualTo(
                                version <= 1.6
                                        ? "{\"output\":{\"output\":{\"city\":\"Oslo\"}}}"
                                        : "{\"output\":{\"city\":\"Oslo\"}}");
                String human = p.requests
                        .get(0)
                        .body()
                        .get("messages")
                        .get(1)
                        .get("content")
                        .asText();
                assertThat(human).contains("city?\nYou must format your output as a JSON value");
            }
        }
    }

    @Test
    void theReActAgentReasonsInTextAndReadsFinalAnswer() throws Exception {
        String params = "{\"agent\":\"reActAgent\",\"promptType\":\"define\",\"text\":\"How long is kiwi?\","
                + "\"options\":{\"returnIntermediateSteps\":true}}";
        String act =
                "Thought: count it\nAction:\n```\n{\n  \"action\": \"Word_length\",\n  \"action_input\": \"kiwi\"\n}\n```";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(act))
                    .thenJson(FakeProvider.openAiText("Thought: I now know the final answer\nFinal Answer: 4 letters"));
            ExecutionResult r = run(p, 1.6, params, "{}");
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode out = r.lastOutput().getFirst().json();
            assertThat(out.get("output").asText()).isEqualTo("4 letters");
            assertThat(out.get("intermediateSteps").get(0).get("observation").asText())
                    .isEqualTo("4");
            JsonNode first = p.requests.get(0).body();
            assertThat(first.has("tools")).isFalse();
            assertThat(first.get("stop").toString()).isEqualTo("[\"Observation:\"]");
            String system = first.get("messages").get(0).get("content").asText();
            assertThat(system)
                    .startsWith("Answer the following questions as best you can. You have access to the following"
                            + " tools:\n\nWord_length: Counts the letters of a word\n\nThe way you use the tools")
                    .contains("```\n{\n  \"action\": \"calculator\",")
                    .endsWith("\n\nBegin! Reminder to always use the exact characters `Final Answer` when responding.");
            assertThat(first.get("messages").get(1).get("content").asText()).isEqualTo("How long is kiwi?\n\n");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second).hasSize(2);
            assertThat(second.get(1).get("content").asText())
                    .isEqualTo("How long is kiwi?\n\nThis was your previous work (but I haven't seen any of it! I only"
                            + " see what you return as final answer):\n" + act + "\nObservation: 4\nThought:");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("```\n{\"action\": \"Word_length\", oops}\n```"));
            ExecutionResult r = run(p, 1.6, params, "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .startsWith("'Agent' (ReAct Agent): Unable to parse JSON response from chat agent.");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Just an answer without the marker."));
            assertThat(run(p, 1.6, params, "{}")
                            .lastOutput()
                            .getFirst()
                            .json()
                            .get("output")
                            .asText())
                    .isEqualTo("Just an answer without the marker.");
        }
    }

    static final String BACKUP =
            """
            {"name":"Backup","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{
              "model":{"__rl":true,"mode":"id","value":"gpt-4o-mini"},"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
            """;

    static final String BACKUP_WIRE =
            ",\"Backup\":{\"ai_languageModel\":[[{\"node\":\"Agent\",\"type\":\"ai_languageModel\",\"index\":1}]]}";

    @Test
    void theFallbackModelOnSlotOneAnswersWhenTheModelFails() throws Exception {
        String params = "{\"promptType\":\"define\",\"text\":\"hi\",\"needsFallback\":true}";
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(500, java.util.Map.of(), "{\"error\":{\"message\":\"boom\"}}"))
                    .thenJson(FakeProvider.openAiText("from the backup"));
            // the backup is listed first: its slot (index 1), not the node order, makes it the fallback
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(BACKUP + nodes(3.1, params, "return 1"), WIRES + BACKUP_WIRE),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("from the backup");
            assertThat(p.requests.get(0).body().get("model").asText()).isEqualTo("gpt-4o");
            assertThat(p.requests.get(1).body().get("model").asText()).isEqualTo("gpt-4o-mini");
        }
        try (FakeProvider p = new FakeProvider()) {
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes(3.1, params, "return 1"), WIRES), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .isEqualTo("Please connect a model to the Fallback Model input or disable the fallback option");
        }
        try (FakeProvider p = new FakeProvider()) {
            // switched off, the model on slot 0 is the one used, wherever its node is listed
            p.thenJson(FakeProvider.openAiText("main"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(
                                    BACKUP + nodes(3.1, "{\"promptType\":\"define\",\"text\":\"hi\"}", "return 1"),
                                    WIRES + BACKUP_WIRE),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests).hasSize(1);
            assertThat(p.requests.get(0).body().get("model").asText()).isEqualTo("gpt-4o");
        }
    }

    @Test
    void planAndExecutePlansThenRunsEachStepKeepingTheStepsOfTheRun() throws Exception {
        String params = "{\"agent\":\"planAndExecuteAgent\",\"promptType\":\"define\",\"text\":\"={{ $json.q }}\"}";
        String act = "```\n{\"action\": \"Word_length\", \"action_input\": \"kiwi\"}\n```";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Plan:\n1. Count the letters of kiwi\n2. Given the above steps taken,"
                            + " please respond to the original query.\n<END_OF_PLAN>"))
                    .thenJson(FakeProvider.openAiText(act))
                    .thenJson(FakeProvider.openAiText("Final Answer: 4"))
                    .thenJson(FakeProvider.openAiText("Final Answer: kiwi has 4 letters"))
                    // the second item: a one-step plan
                    .thenJson(FakeProvider.openAiText("Plan:\n1. Answer it<END_OF_PLAN>"))
                    .thenJson(FakeProvider.openAiText("Final Answer: done"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes(1.7, params, "return String(query.length)"), WIRES),
                            List.of(AiRun.item("{\"q\":\"How long is kiwi?\"}"), AiRun.item("{\"q\":\"Next?\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput())
                    .extracting(i -> i.json().toString())
                    .containsExactly("{\"output\":\"kiwi has 4 letters\"}", "{\"output\":\"done\"}");
            JsonNode planner = p.requests.get(0).body().get("messages");
            assertThat(planner.get(0).get("content").asText())
                    .startsWith(
                            "Let's first understand the problem and devise a plan to solve the problem. Please output")
                    .contains("at your disposal to help you with this task:  Word_length: Counts the letters of a word "
                            + " You must consider these tools")
                    .endsWith("At the end of your plan, say \"<END_OF_PLAN>\"");
            assertThat(planner.get(1).get("content").asText()).isEqualTo("How long is kiwi?");
            assertThat(p.requests.get(0).body().has("stop")).isFalse();
            JsonNode step1 = p.requests.get(1).body();
            assertThat(step1.get("stop").toString()).isEqualTo("[\"Observation:\"]");
            assertThat(step1.get("messages").get(0).get("content").asText())
                    .startsWith("Answer the following questions as best you can.");
            assertThat(step1.get("messages").get(1).get("content").asText())
                    .isEqualTo(
                            "Previous steps: []\n\nCurrent objective: Count the letters of kiwi\n\n\n\nYou may extract"
                                    + " and combine relevant data from your previous steps when responding to me.");
            assertThat(p.requests
                            .get(2)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .contains(
                            "\n\nThis was your previous work (but I haven't seen any of it! I only see what you return"
                                    + " as final answer):\n" + act + "\nObservation: 4\nThought:\n\n");
            assertThat(p.requests
                            .get(3)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .startsWith("Previous steps: [{\"action\":{\"text\":\"Count the letters of kiwi\"},"
                            + "\"result\":{\"response\":\"4\"}}]\n\nCurrent objective: Given the above steps taken,"
                            + " please respond to the original query.\n The original question was: How long is kiwi?.");
            // n8n keeps one step list per node run: the second item sees the first item's steps
            assertThat(p.requests
                            .get(5)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .startsWith("Previous steps: [{\"action\":{\"text\":\"Count the letters of kiwi\"}")
                    .contains("Current objective: Answer it The original question was: Next?.");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("I cannot plan this."));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes(1.7, params, "return 1"), WIRES), List.of(AiRun.item("{\"q\":\"?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .isEqualTo("Could not create and parse a plan to answer your question - please try again.");
        }
    }
}
