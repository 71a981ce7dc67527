package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP Request tool: an agent fills placeholders and parameters; the network policy is obeyed. */
class HttpToolTest {

    static String nodes(String apiUrl) {
        return """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Weather","type":"hetumind.toolHttpRequest","typeVersion":1.1,"parameters":{
                  "toolDescription":"Gets the weather forecast of a city","url":"%s/api/weather/{city}",
                  "authentication":"genericCredentialType","genericAuthType":"httpHeaderAuth",
                  "sendQuery":true,"parametersQuery":{"values":[
                    {"name":"units","valueProvider":"fieldValue","value":"metric"},
                    {"name":"days","valueProvider":"modelOptional"}]},
                  "placeholderDefinitions":{"values":[{"name":"city","description":"the city name","type":"string"}]}},
                 "credentials":{"httpHeaderAuth":{"id":"3","name":"Weather key"}}}
                """
                .formatted(apiUrl);
    }

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Weather":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    static Map<String, com.fasterxml.jackson.databind.node.ObjectNode> creds(FakeProvider llm) {
        return Map.of(
                "openAiApi", Json.object().put("apiKey", "sk-test").put("url", llm.url() + "/v1"),
                "httpHeaderAuth", Json.object().put("name", "X-Key").put("value", "secret-1"));
    }

    @Test
    void theModelFillsThePlaceholdersAndParametersAndReadsTheAnswer() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(new FakeProvider.Reply(200, Map.of(), "{\"forecast\":\"sunny\",\"max\":21}"));
            llm.thenJson(FakeProvider.openAiToolCalls("Weather", "{\"city\":\"São Paulo\",\"days\":2}"))
                    .thenJson(FakeProvider.openAiText("Sunny, up to 21°C."));
            ExecutionResult r = new AiRun(creds(llm))
                    .run(
                            AiRun.workflow(nodes(api.url()), WIRES),
                            List.of(AiRun.item("{\"q\":\"Weather in São Paulo?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("Sunny, up to 21°C.");
            var tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            assertThat(tool.get("parameters").get("required").toString()).isEqualTo("[\"city\"]");
            assertThat(tool.get("parameters").get("properties").has("days")).isTrue();
            var call = api.requests.getFirst();
            assertThat(call.path()).isEqualTo("/api/weather/São Paulo");
            assertThat(call.query()).isEqualTo("units=metric&days=2");
            assertThat(call.header("X-Key")).isEqualTo("secret-1");
            assertThat(llm.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .isEqualTo("{\n  \"forecast\": \"sunny\",\n  \"max\": 21\n}"); // n8n: JSON.stringify(body, null, 2)
        }
    }

    /** With a Predefined Credential Type the service's own credential signs the tool's request (n8n's authenticate). */
    @Test
    void aPredefinedCredentialTypeSignsTheToolsRequest() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(new FakeProvider.Reply(200, Map.of(), "{\"forecast\":\"rain\"}"));
            llm.thenJson(FakeProvider.openAiToolCalls("Weather", "{\"city\":\"Lima\"}"))
                    .thenJson(FakeProvider.openAiText("Rain."));
            String wf = nodes(api.url())
                    .replace(
                            "\"authentication\":\"genericCredentialType\",\"genericAuthType\":\"httpHeaderAuth\"",
                            "\"authentication\":\"predefinedCredentialType\",\"nodeCredentialType\":\"anthropicApi\"")
                    .replace("\"httpHeaderAuth\":{\"id\":\"3\"", "\"anthropicApi\":{\"id\":\"3\"");
            var credentials = new java.util.HashMap<>(creds(llm));
            credentials.put("anthropicApi", Json.object().put("apiKey", "ak-tool-7"));
            ExecutionResult r = new AiRun(credentials)
                    .run(AiRun.workflow(wf, WIRES), List.of(AiRun.item("{\"q\":\"Weather in Lima?\"}")));
            assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(api.requests.getFirst().header("x-api-key")).isEqualTo("ak-tool-7");
        }
    }

    @Test
    void aTargetTheNetworkPolicyRefusesIsAnErrorTheModelHears() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            int llmPort = java.net.URI.create(llm.url()).getPort();
            NetworkPolicy policy =
                    NetworkPolicy.builder().allowRange("127.0.0.1/32", llmPort).build();
            llm.thenJson(FakeProvider.openAiToolCalls("Weather", "{\"city\":\"Oslo\"}"))
                    .thenJson(FakeProvider.openAiText("I could not reach the weather service."));
            ExecutionResult r = new AiRun(creds(llm), policy)
                    .run(AiRun.workflow(nodes(api.url()), WIRES), List.of(AiRun.item("{\"q\":\"Weather in Oslo?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(api.requests).isEmpty();
            assertThat(llm.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .startsWith("There was an error: \"")
                    .contains("127.0.0.1");
        }
    }
}
