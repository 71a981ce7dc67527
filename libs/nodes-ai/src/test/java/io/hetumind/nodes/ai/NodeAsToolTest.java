package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ordinary node as an agent's tool (n8n's {@code n8n-nodes-base.httpRequestTool}): the model
 * fills the {@code $fromAI(...)} values, the HTTP Request node runs with them and its credential.
 */
class NodeAsToolTest {

    static String nodes(String apiUrl, String extraParameters) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Get weather","type":"n8n-nodes-base.httpRequestTool","typeVersion":4.2,"parameters":{
                  %s
                  "url":"=%s/api/weather/{{ $fromAI('city', 'the city, in English', 'string') }}",
                  "authentication":"genericCredentialType","genericAuthType":"httpHeaderAuth",
                  "sendQuery":true,"queryParameters":{"parameters":[
                    {"name":"days","value":"={{ $fromAI(\\"days\\", \\"how many days\\", \\"number\\", 3) }}"},
                    {"name":"lang","value":"={{ $json.lang }}"},
                    {"name":"note","value":"={{ $fromAI('note', 'a remark', 'string', '') }}"}]}},
                 "credentials":{"httpHeaderAuth":{"id":"3","name":"Weather key"}}}
                """
                .formatted(extraParameters, apiUrl);
    }

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Get weather":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    @Test
    void theToolVariantsHaveTheVersionsN8nMarksUsableAsTool() {
        assertThat(new io.hetumind.nodes.ai.tool.HttpRequestToolNode()
                        .descriptor()
                        .versions())
                .containsExactly(3.0, 4.0, 4.1, 4.2, 4.3, 4.4);
        var postgres = new io.hetumind.nodes.ai.tool.PostgresToolNode().descriptor();
        assertThat(postgres.versions()).containsExactly(2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6);
        // the legacy v1's own parameters (updateKey, additionalFields) are not part of the tool's form
        assertThat(postgres.properties()).extracting(p -> p.name()).doesNotContain("updateKey", "additionalFields");
    }

    @Test
    void theModelFillsFromAiValuesAndTheNodeRunsWithItsCredential() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(
                    new FakeProvider.Reply(200, Map.of("Content-Type", "application/json"), "{\"forecast\":\"rain\"}"));
            llm.thenJson(FakeProvider.openAiToolCalls(
                            "Get_weather", "{\"city\":\"Oslo\",\"note\":\"\\\")}} {{ $json.lang }}\"}"))
                    .thenJson(FakeProvider.openAiText("Rain in Oslo."));
            ExecutionResult r = new AiRun(HttpToolTest.creds(llm))
                    .run(
                            AiRun.workflow(
                                    nodes(
                                            api.url(),
                                            "\"descriptionType\":\"manual\",\"toolDescription\":\"Weather forecast of a city\","),
                                    WIRES),
                            List.of(AiRun.item("{\"q\":\"Weather in Oslo?\",\"lang\":\"en\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("Rain in Oslo.");

            var tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            assertThat(tool.get("name").asText()).isEqualTo("Get_weather");
            assertThat(tool.get("description").asText()).isEqualTo("Weather forecast of a city");
            assertThat(tool.get("parameters").get("required").toString()).isEqualTo("[\"city\"]");
            assertThat(tool.get("parameters")
                            .get("properties")
                            .get("days")
                            .get("type")
                            .asText())
                    .isEqualTo("number");
            assertThat(tool.get("parameters")
                            .get("properties")
                            .get("city")
                            .get("description")
                            .asText())
                    .isEqualTo("the city, in English");

            var call = api.requests.getFirst();
            assertThat(call.path()).isEqualTo("/api/weather/Oslo");
            // default for days; $json is the agent's item; the model's text stays text (no expression injection)
            assertThat(java.net.URLDecoder.decode(call.query(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("days=3&lang=en&note=\")}} {{ $json.lang }}");
            assertThat(call.header("X-Key")).isEqualTo("secret-1");
            assertThat(llm.requests.get(1).body().get("messages").toString())
                    .contains("forecast")
                    .contains("rain");
        }
    }

    @Test
    void aMissingArgumentAndAFailingRequestAreErrorsTheModelHears() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(new FakeProvider.Reply(500, Map.of(), "{\"error\":\"down\"}"));
            llm.thenJson(FakeProvider.openAiToolCalls("Get_weather", "{\"days\":2}"))
                    .thenJson(FakeProvider.openAiToolCalls("Get_weather", "{\"city\":\"Rome\",\"days\":2}"))
                    .thenJson(FakeProvider.openAiText("Sorry."));
            ExecutionResult r = new AiRun(HttpToolTest.creds(llm))
                    .run(AiRun.workflow(nodes(api.url(), ""), WIRES), List.of(AiRun.item("{\"q\":\"Weather?\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            var tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            assertThat(tool.get("description").asText()).isNotBlank(); // auto: the HTTP Request node's description
            assertThat(llm.requests.get(1).body().get("messages").toString())
                    .contains("There was an error: \\\"the argument 'city' is missing\\\"");
            assertThat(api.requests).hasSize(1);
            assertThat(api.requests.getFirst().query()).startsWith("days=2");
            String third = llm.requests.get(2).body().get("messages").toString();
            assertThat(third).contains("There was an error").contains("500");
        }
    }

    @Test
    void aMalformedFromAiCallIsAUserErrorNamingTheNode() throws Exception {
        try (FakeProvider llm = new FakeProvider()) {
            String bad = nodes("http://127.0.0.1:9", "").replace("'string')", "'text')");
            ExecutionResult r =
                    new AiRun(HttpToolTest.creds(llm)).run(AiRun.workflow(bad, WIRES), List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.toJson().toString())
                    .contains(
                            "'Get weather': $fromAI('city') has an unknown type 'text' (string, number, boolean, json)");
            assertThat(llm.requests).isEmpty();
        }
    }

    @Test
    void thePostgresNodeAsAToolBindsTheModelsValueAsAQueryParameter() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Double it","type":"n8n-nodes-base.postgresTool","typeVersion":2.5,"parameters":{
                  "descriptionType":"auto",
                  "operation":"executeQuery","query":"SELECT $1::int * 2 AS doubled, $2 AS asked_by",
                  "options":{"queryReplacement":"={{ $fromAI('n', 'the number', 'number') }}, {{ $json.user }}"}},
                 "credentials":{"postgres":{"id":"2","name":"PG"}}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Double it":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider llm = new FakeProvider()) {
            llm.thenJson(FakeProvider.openAiToolCalls("Double_it", "{\"n\":21}"))
                    .thenJson(FakeProvider.openAiText("42"));
            ExecutionResult r = new AiRun(Map.of(
                            "openAiApi",
                                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                            .objectNode()
                                            .put("apiKey", "sk-test")
                                            .put("url", llm.url() + "/v1"),
                            "postgres", PostgresChatMemoryTest.credential()))
                    .run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"Double 21\",\"user\":\"ada\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            var tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            // n8n's action of the operation, under Postgres 2.x's hidden resource 'database'
            assertThat(tool.get("description").asText()).isEqualTo("Execute a SQL query in Postgres");
            assertThat(tool.get("parameters")
                            .get("properties")
                            .get("n")
                            .get("type")
                            .asText())
                    .isEqualTo("number");
            String toolMessage = llm.requests
                    .get(1)
                    .body()
                    .get("messages")
                    .get(3)
                    .get("content")
                    .asText();
            assertThat(toolMessage).isEqualTo("[{\"doubled\":42,\"asked_by\":\"ada\"}]");
        }
    }

    /**
     * The Crypto and Date &amp; Time nodes as tools (n8n's {@code cryptoTool} and {@code dateTimeTool}):
     * each runs with the model's value on the agent's item and answers its output item.
     */
    @Test
    void theCryptoAndDateTimeNodesAsTools() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Hash it","type":"n8n-nodes-base.cryptoTool","typeVersion":2,"parameters":{
                  "action":"hash","type":"SHA256","dataPropertyName":"digest",
                  "value":"={{ $fromAI('text', 'the text to hash', 'string') }}"}},
                {"name":"Year of","type":"n8n-nodes-base.dateTimeTool","typeVersion":2,"parameters":{
                  "descriptionType":"manual","toolDescription":"The year of a date",
                  "operation":"extractDate","part":"year","date":"={{ $fromAI('date', 'an ISO date', 'string') }}"}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Hash it":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
                "Year of":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider llm = new FakeProvider()) {
            llm.thenJson(FakeProvider.openAiToolCalls("Hash_it", "{\"text\":\"hello\"}"))
                    .thenJson(FakeProvider.openAiToolCalls("Year_of", "{\"date\":\"2024-03-05T10:00:00Z\"}"))
                    .thenJson(FakeProvider.openAiText("done"));
            ExecutionResult r = new AiRun(HttpToolTest.creds(llm))
                    .run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"Hash hello\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            var tools = llm.requests.getFirst().body().get("tools");
            assertThat(tools.get(0).get("function").get("name").asText()).isEqualTo("Hash_it");
            assertThat(tools.get(0).get("function").get("description").asText()).isNotBlank();
            assertThat(tools.get(1).get("function").get("description").asText()).isEqualTo("The year of a date");
            // messages: system, user, tool call, tool answer …
            String hashAnswer = llm.requests
                    .get(1)
                    .body()
                    .get("messages")
                    .get(3)
                    .get("content")
                    .asText();
            assertThat(hashAnswer)
                    .isEqualTo("[{\"q\":\"Hash hello\",\"digest\":"
                            + "\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"}]");
            // Date & Time 2 outputs only its field unless options.includeInputFields, as in n8n
            String yearAnswer = llm.requests
                    .get(2)
                    .body()
                    .get("messages")
                    .get(5)
                    .get("content")
                    .asText();
            assertThat(yearAnswer).isEqualTo("[{\"datePart\":2024}]");
        }
    }
}
