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
            assertThat(first.toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},"
                            + "{\"role\":\"user\",\"content\":\"How long is kiwi?\"}]");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second.get(3).get("content").asText()).isEqualTo("4");
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
                            .get(3)
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
                            .get(1)
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
        // 1–1.5 default to the Conversational Agent
        var defaulted = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(
                AiRun.workflow(nodes(1.5, "{\"promptType\":\"define\",\"text\":\"x\"}", "return 1"), WIRES)));
        assertThat(defaulted.errors())
                .extracting(Problem::message)
                .containsExactly("agent type 'conversationalAgent' (Conversational Agent, AI Agent 1–1.9 (the default"
                        + " of 1–1.5)) is not supported by Hetumind yet; only 'toolsAgent' (Tools Agent) runs here:"
                        + " choose it on the node, or use AI Agent 3.1");
        for (String type : List.of("sqlAgent", "planAndExecuteAgent", "reActAgent", "openAiFunctionsAgent")) {
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
        var tools = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(
                nodes(1.5, "{\"agent\":\"toolsAgent\",\"promptType\":\"define\",\"text\":\"x\"}", "return 1"), WIRES)));
        assertThat(tools.errors()).isEmpty();
    }
}
