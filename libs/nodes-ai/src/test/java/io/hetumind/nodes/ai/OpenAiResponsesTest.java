package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.spi.trigger.ChunkSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** OpenAI Chat Model 1.3: the Responses API (n8n's default for the version) over its real wire, and its switch. */
class OpenAiResponsesTest {

    static String nodes(String modelParameters) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":3.1,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"Be brief"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.3,"parameters":%s,
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Word length","type":"@n8n/n8n-nodes-langchain.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":"return String(query.length)"}}
                """
                .formatted(modelParameters);
    }

    static final String WIRES = AgentVersionsTest.WIRES;

    private static ExecutionResult run(FakeProvider p, String modelParameters) {
        return AiRun.openAi(p)
                .run(
                        AiRun.workflow(nodes(modelParameters), WIRES),
                        List.of(AiRun.item("{\"q\":\"How long is kiwi?\"}")));
    }

    @Test
    void aFreshNodeCallsTheResponsesApiWithToolsAndTheirResults() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiResponseToolCalls("Word_length", "{\"input\":\"kiwi\"}"))
                    .thenJson(FakeProvider.openAiResponseText("kiwi has 4 letters"));
            ExecutionResult r = run(
                    p,
                    "{\"model\":{\"__rl\":true,\"mode\":\"list\",\"value\":\"gpt-5-mini\"},"
                            + "\"options\":{\"maxRetries\":0}}");
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"output\":\"kiwi has 4 letters\"}");
            assertThat(p.requests)
                    .extracting(FakeProvider.Request::path)
                    .containsExactly("/v1/responses", "/v1/responses");
            JsonNode first = p.requests.get(0).body();
            assertThat(first.get("model").asText()).isEqualTo("gpt-5-mini");
            assertThat(first.has("messages")).isFalse();
            String input = first.get("input").toString();
            assertThat(input).contains("\"role\":\"system\"").contains("Be brief");
            assertThat(input).contains("\"role\":\"user\"").contains("How long is kiwi?");
            JsonNode tool = first.get("tools").get(0);
            assertThat(tool.get("type").asText()).isEqualTo("function");
            assertThat(tool.get("name").asText()).isEqualTo("Word_length");
            JsonNode second = p.requests.get(1).body().get("input");
            JsonNode output = null;
            JsonNode call = null;
            for (JsonNode i : second) {
                if ("function_call_output".equals(i.path("type").asText())) {
                    output = i;
                }
                if ("function_call".equals(i.path("type").asText())) {
                    call = i;
                }
            }
            assertThat(call).as(second::toString).isNotNull();
            assertThat(call.get("call_id").asText()).isEqualTo("call_0");
            assertThat(output).as(second::toString).isNotNull();
            assertThat(output.get("call_id").asText()).isEqualTo("call_0");
            assertThat(output.get("output").asText()).isEqualTo("4");
            assertThat(AiRun.modelCalls(r, "Agent")).hasSize(2);
            assertThat(AiRun.modelCalls(r, "Agent")
                            .get(1)
                            .get("tokenUsage")
                            .get("total")
                            .asInt())
                    .isEqualTo(18);
        }
    }

    @Test
    void optionsAndBuiltInToolsGoOnTheRequestAsN8nSendsThem() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiResponseText("{\"n\":4}"));
            String params =
                    """
                    {"model":{"__rl":true,"mode":"id","value":"gpt-5"},
                     "builtInTools":{"webSearch":{"searchContextSize":"high","allowedDomains":"a.com, b.org","country":"NO"},
                       "codeInterpreter":true},
                     "options":{"maxRetries":0,"temperature":0.2,"maxTokens":300,"serviceTier":"flex",
                       "promptCacheKey":"k1","safetyIdentifier":"user-9","reasoningEffort":"high",
                       "textFormat":{"textOptions":{"type":"json_schema","name":"count","verbosity":"low",
                         "schema":"{\\"type\\":\\"object\\",\\"properties\\":{\\"n\\":{\\"type\\":\\"integer\\"}},\\"required\\":[\\"n\\"]}"}}}}
                    """;
            ExecutionResult r = run(p, params);
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode body = p.requests.get(0).body();
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
            assertThat(body.get("max_output_tokens").asInt()).isEqualTo(300);
            assertThat(body.get("service_tier").asText()).isEqualTo("flex");
            assertThat(body.get("prompt_cache_key").asText()).isEqualTo("k1");
            assertThat(body.get("safety_identifier").asText()).isEqualTo("user-9");
            assertThat(body.get("reasoning").get("effort").asText()).isEqualTo("high");
            assertThat(body.get("text").get("verbosity").asText()).isEqualTo("low");
            JsonNode format = body.get("text").get("format");
            assertThat(format.get("type").asText()).isEqualTo("json_schema");
            assertThat(format.get("name").asText()).isEqualTo("count");
            assertThat(format.get("schema")
                            .get("properties")
                            .get("n")
                            .get("type")
                            .asText())
                    .isEqualTo("integer");
            JsonNode tools = body.get("tools");
            assertThat(tools.toString())
                    .contains("{\"type\":\"web_search\",\"search_context_size\":\"high\","
                            + "\"user_location\":{\"type\":\"approximate\",\"country\":\"NO\"},"
                            + "\"filters\":{\"allowed_domains\":[\"a.com\",\"b.org\"]}}")
                    .contains("{\"type\":\"code_interpreter\",\"container\":{\"type\":\"auto\"}}")
                    .contains("\"name\":\"Word_length\"");
        }
    }

    @Test
    void withTheSwitchOffVersion13UsesChatCompletions() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("four"));
            ExecutionResult r = run(
                    p, "{\"responsesApiEnabled\":false,\"options\":{\"maxRetries\":0,\"reasoningEffort\":\"low\"}}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.get(0).path()).isEqualTo("/v1/chat/completions");
            assertThat(p.requests.get(0).body().get("reasoning_effort").asText())
                    .isEqualTo("low");
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("four");
        }
    }

    @Test
    void theResponsesAnswerStreamsToTheRunsSink() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(FakeProvider.openAiResponsesStream("kiwi ", "has 4"));
            List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();
            RunRequest request = RunRequest.defaults()
                    .sequential()
                    .withInput(List.of(AiRun.item("{\"q\":\"How long is kiwi?\"}")))
                    .withService(ChunkSink.class, chunks::add);
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            io.hetumind.core.format.WorkflowFormat.readJson(
                                    AiRun.workflow(nodes("{\"options\":{\"maxRetries\":0}}"), WIRES)),
                            request);
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(chunks.stream()
                            .filter(c -> c.content() != null)
                            .map(ChunkSink.Chunk::content)
                            .toList())
                    .containsExactly("kiwi ", "has 4");
            assertThat(p.requests.get(0).body().get("stream").asBoolean()).isTrue();
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("kiwi has 4");
        }
    }

    @Test
    void aRefusedKeyIsTheProvidersErrorNamingTheNode() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
            ExecutionResult r = run(p, "{\"options\":{\"maxRetries\":0}}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message())
                    .contains("'GPT' (OpenAI) answered HTTP 401")
                    .contains("Incorrect API key");
        }
    }

    @Test
    void optionsNotBuiltAreValidationErrorsAndOnlyInResponsesMode() {
        var validator = new io.hetumind.core.validate.WorkflowValidator(AiRun.REGISTRY);
        String params = "{\"options\":{\"conversationId\":\"conv_1\",\"metadata\":\"{\\\"a\\\":1}\","
                + "\"promptConfig\":{\"promptOptions\":{\"promptId\":\"pmpt_1\"}}}}";
        var report = validator.validate(
                io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(nodes(params), WIRES)));
        assertThat(report.errors())
                .extracting(io.hetumind.core.validate.Problem::message)
                .containsExactly(
                        "OpenAI Chat Model 1.3 with the Responses API: Conversation ID (options.conversationId) is not"
                                + " supported by Hetumind yet; remove it, or turn 'Use Responses API' off",
                        "OpenAI Chat Model 1.3 with the Responses API: Metadata (options.metadata) is not supported by"
                                + " Hetumind yet; remove it, or turn 'Use Responses API' off",
                        "OpenAI Chat Model 1.3 with the Responses API: Prompt (options.promptConfig, a stored prompt) is"
                                + " not supported by Hetumind yet; remove it, or turn 'Use Responses API' off");
        var off = validator.validate(io.hetumind.core.format.WorkflowFormat.readJson(AiRun.workflow(
                nodes(params.replace("{\"options\"", "{\"responsesApiEnabled\":false,\"options\"")), WIRES)));
        assertThat(off.errors()).isEmpty();
        assertThatThrownBy(() -> {
                    try (FakeProvider p = new FakeProvider()) {
                        run(p, params);
                    }
                })
                .isInstanceOf(WorkflowInvalidException.class);
    }
}
