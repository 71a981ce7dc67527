package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Call Workflow tool runs a child workflow per call and answers its response field. */
class WorkflowToolTest {

    static final String CHILD =
            """
            {"name":"child","nodes":[
              {"name":"In","type":"hetumind.executeWorkflowTrigger","typeVersion":1},
              {"name":"Answer","type":"hetumind.set","typeVersion":3.4,"parameters":{
                "assignments":{"assignments":[{"id":"1","name":"response","value":"={{ $json.query.toUpperCase() }}","type":"string"}]}}}],
             "connections":{"In":{"main":[[{"node":"Answer","type":"main","index":0}]]}}}
            """;

    @Test
    void callsTheWorkflowWithTheQueryAndAnswersItsResponse() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Shout","type":"hetumind.toolWorkflow","typeVersion":1.3,"parameters":{
                  "description":"Shouts the text","source":"parameter","workflowJson":%s}}
                """
                        .formatted(Json.F.textNode(CHILD).toString());
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Shout":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Shout", "{\"input\":\"hello\"}"))
                    .thenJson(FakeProvider.openAiText("HELLO"));
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"shout hello\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .isEqualTo("HELLO");
        }
    }

    static final String WEATHER =
            """
            {"id":"weather","name":"Weather","nodes":[
              {"parameters":{"workflowInputs":{"values":[{"name":"city"},{"name":"days","type":"number"}]}},
               "name":"When Executed by Another Workflow","type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":1.1,"position":[0,0]},
              {"parameters":{"assignments":{"assignments":[{"id":"a1","name":"forecast",
                 "value":"=Sunny in {{ $json.city }} for {{ $json.days + 0 }} days","type":"string"}]},"includeOtherFields":true,"options":{}},
               "name":"Forecast","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0]}],
             "connections":{"When Executed by Another Workflow":{"main":[[{"node":"Forecast","type":"main","index":0}]]}}}
            """;

    /** An n8n 2.x agent with a Call n8n Workflow Tool as n8n saves it: {@code workflowInputs} values from $fromAI. */
    static String agentWithWeatherTool(String version, String extra) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"position":[0,0],
                 "parameters":{"promptType":"define","text":"={{ $json.q }}","options":{}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"position":[0,200],
                 "parameters":{"options":{"maxRetries":0}},"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Weather Tool","type":"@n8n/n8n-nodes-langchain.toolWorkflow","typeVersion":%s,"position":[200,200],
                 "parameters":{%s"description":"Gets the weather forecast for a city",
                  "workflowId":{"__rl":true,"value":"weather","mode":"list","cachedResultName":"Weather"},
                  "workflowInputs":{"mappingMode":"defineBelow","value":{
                    "city":"={{ $fromAI('city', 'The city to forecast', 'string') }}",
                    "days":"={{ $fromAI('days', 'How many days ahead', 'number') }}"},
                   "matchingColumns":[],
                   "schema":[
                    {"id":"city","displayName":"city","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"type":"string","removed":false},
                    {"id":"days","displayName":"days","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"type":"number","removed":false}],
                   "attemptToConvertTypes":false,"convertFieldsToString":false}}}
                """
                .formatted(version, extra);
    }

    static final String AGENT_WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Weather Tool":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    private static String toolAnswer(FakeProvider p) {
        for (var m : p.requests.get(1).body().get("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return m.get("content").asText();
            }
        }
        throw new AssertionError("no tool message in " + p.requests.get(1).body());
    }

    @Test
    void v22OffersTheFromAiArgumentsAndRunsTheChildWithTheMappedInputs() throws Exception {
        Workflow child = WorkflowFormat.readJson(WEATHER);
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Weather_Tool", "{\"city\":\"Paris\",\"days\":3}"))
                    .thenJson(FakeProvider.openAiText("Sunny."));
            ExecutionResult r = AiRun.openAi(p, Map.of("weather", child))
                    .run(
                            AiRun.workflow(agentWithWeatherTool("2.2", ""), AGENT_WIRES),
                            List.of(AiRun.item("{\"q\":\"Weather in Paris?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode tool = p.requests.getFirst().body().get("tools").get(0).get("function");
            assertThat(tool.get("name").asText()).isEqualTo("Weather_Tool");
            assertThat(tool.get("description").asText()).isEqualTo("Gets the weather forecast for a city");
            JsonNode props = tool.get("parameters").get("properties");
            assertThat(props.get("city").get("type").asText()).isEqualTo("string");
            assertThat(props.get("city").get("description").asText()).isEqualTo("The city to forecast");
            assertThat(props.get("days").get("type").asText()).isEqualTo("number");
            assertThat(tool.get("parameters").get("required"))
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("city", "days");
            // the child's trigger keeps only its inputs (no query); v2.1+ answers every item
            assertThat(toolAnswer(p))
                    .isEqualTo(
                            "[\n  {\n    \"city\": \"Paris\",\n    \"days\": 3,\n    \"forecast\": \"Sunny in Paris for 3 days\"\n  }\n]");
            assertThat(r.output("Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("Sunny.");
        }
    }

    @Test
    void v2AnswersTheFirstItemAndNamesTheToolByItsNameParameter() throws Exception {
        Workflow child = WorkflowFormat.readJson(WEATHER);
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("forecast", "{\"city\":\"Oslo\",\"days\":1}"))
                    .thenJson(FakeProvider.openAiText("Fine."));
            ExecutionResult r = AiRun.openAi(p, Map.of("weather", child))
                    .run(
                            AiRun.workflow(agentWithWeatherTool("2", "\"name\":\"forecast\","), AGENT_WIRES),
                            List.of(AiRun.item("{\"q\":\"Oslo?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .getFirst()
                            .body()
                            .get("tools")
                            .get(0)
                            .get("function")
                            .get("name")
                            .asText())
                    .isEqualTo("forecast");
            assertThat(toolAnswer(p))
                    .isEqualTo(
                            "{\n  \"city\": \"Oslo\",\n  \"days\": 1,\n  \"forecast\": \"Sunny in Oslo for 1 days\"\n}");
        }
    }

    @Test
    void aWrongArgumentTypeAnswersTheModelWithoutRunningTheChild() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Weather_Tool", "{\"city\":\"Rome\",\"days\":\"two\"}"))
                    .thenJson(FakeProvider.openAiText("Sorry."));
            ExecutionResult r = AiRun.openAi(p, Map.of())
                    .run(
                            AiRun.workflow(agentWithWeatherTool("2.2", ""), AGENT_WIRES),
                            List.of(AiRun.item("{\"q\":\"Rome?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(toolAnswer(p)).startsWith("There was an error: \"the argument 'days' must be a number");
        }
    }
}
