package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicLlmChainTest {

    static final String CHAIN =
            """
            {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{
              "promptType":"define","text":"=Name a colour that starts with {{ $json.letter }}",
              "messages":{"messageValues":[{"type":"SystemMessagePromptTemplate","message":"=Answer in {{ $json.lang }}"}]}}},
            {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
              "model":{"__rl":true,"mode":"list","value":"gpt-4o-mini"},
              "options":{"temperature":0.2,"maxTokens":50,"timeout":5000,"maxRetries":2}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;
    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
            """;

    @Test
    void promptsTheModelPerItemWithRenderedExpressionsAndRecordsEachCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("  Blue  ")).thenJson(FakeProvider.openAiText("Grün"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(CHAIN, WIRES),
                            List.of(
                                    AiRun.item("{\"letter\":\"B\",\"lang\":\"English\"}"),
                                    AiRun.item("{\"letter\":\"G\",\"lang\":\"German\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Chain", 0))
                    .extracting(i -> i.json().toString())
                    .containsExactly("{\"text\":\"Blue\"}", "{\"text\":\"Grün\"}");
            assertThat(p.requests).hasSize(2);
            var first = p.requests.getFirst();
            assertThat(first.path()).isEqualTo("/v1/chat/completions");
            assertThat(first.header("Authorization")).isEqualTo("Bearer sk-test");
            assertThat(first.body().get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(first.body().get("temperature").asDouble()).isEqualTo(0.2);
            assertThat(first.body().get("max_tokens").asInt()).isEqualTo(50);
            assertThat(first.body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"Answer in English\"},"
                            + "{\"role\":\"user\",\"content\":\"Name a colour that starts with B\"}]");
            assertThat(r.state().runs("GPT")).isEmpty();
            var calls = AiRun.modelCalls(r, "Chain");
            assertThat(calls).hasSize(2);
            assertThat(calls.getFirst().get("node").asText()).isEqualTo("GPT");
            assertThat(calls.getFirst().get("tokenUsage").toString())
                    .isEqualTo("{\"input\":11,\"output\":7,\"total\":18}");
            assertThat(calls.getFirst().get("messageOut").get("text").asText()).isEqualTo("  Blue  ");
            assertThat(calls.getFirst().get("messagesIn")).hasSize(2);
            assertThat(calls.getFirst().get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anthropicSpeaksTheMessagesApi() throws Exception {
        String nodes =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.5,"parameters":{"promptType":"define","text":"=Hi {{ $json.who }}"}},
                {"name":"Claude","type":"hetumind.lmChatAnthropic","typeVersion":1.3,"parameters":{
                  "model":{"__rl":true,"mode":"list","value":"claude-3-5-haiku-20241022"},"options":{"maxTokensToSample":100}},
                 "credentials":{"anthropicApi":{"id":"2","name":"Anthropic"}}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "Claude":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.anthropicText("Hello Ann"));
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"who\":\"Ann\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("text").asText()).isEqualTo("Hello Ann");
            var req = p.requests.getFirst();
            assertThat(req.path()).isEqualTo("/v1/messages");
            assertThat(req.header("x-api-key")).isEqualTo("ak-test");
            assertThat(req.body().get("model").asText()).isEqualTo("claude-3-5-haiku-20241022");
            assertThat(req.body().get("max_tokens").asInt()).isEqualTo(100);
            assertThat(req.body().get("messages").toString()).contains("Hi Ann");
            assertThat(AiRun.modelCalls(r, "Chain")
                            .getFirst()
                            .get("tokenUsage")
                            .get("total")
                            .asInt())
                    .isEqualTo(17);
        }
    }

    @Test
    void rateLimitedCallsWaitWhatRetryAfterSaysThenSucceed() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"slow down\"}}"))
                    .thenJson(FakeProvider.openAiText("ok"));
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(CHAIN, WIRES), List.of(AiRun.item("{\"letter\":\"A\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests).hasSize(2);
            long waitedMs = (p.times.get(1) - p.times.get(0)) / 1_000_000;
            assertThat(waitedMs).isBetween(950L, 5000L);
        }
    }

    @Test
    void rateLimitBeyondTheRetriesIsANodeErrorNamingTheModel() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            for (int i = 0; i < 3; i++) {
                p.then(new FakeProvider.Reply(429, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"quota\"}}"));
            }
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(CHAIN, WIRES), List.of(AiRun.item("{\"letter\":\"A\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(p.requests).hasSize(3); // the call and maxRetries (2) retries
            assertThat(r.state().runs("Chain").getFirst().error().message())
                    .startsWith("'GPT' (OpenAI) answered HTTP 429")
                    .contains("quota");
        }
    }

    @Test
    void malformedProviderAnswersAreClearNodeErrors() throws Exception {
        for (String body : List.of("this is not json", "{\"id\":\"x\",\"choices\":[]}")) {
            try (FakeProvider p = new FakeProvider()) {
                p.then(new FakeProvider.Reply(200, Map.of(), body));
                ExecutionResult r =
                        AiRun.openAi(p).run(AiRun.workflow(CHAIN, WIRES), List.of(AiRun.item("{\"letter\":\"A\"}")));
                assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
                assertThat(r.state().runs("Chain").getFirst().error().message())
                        .startsWith("'GPT' (OpenAI) gave an answer that could not be read");
                assertThat(AiRun.modelCalls(r, "Chain").getFirst().has("error")).isTrue();
            }
        }
    }

    @Test
    void aWrongKeyIsAUserErrorAndAMissingCredentialIsNamed() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(CHAIN, WIRES), List.of(AiRun.item("{\"letter\":\"A\"}")));
            var error = r.state().runs("Chain").getFirst().error();
            assertThat(error.message()).contains("answered HTTP 401").contains("Incorrect API key");
            assertThat(p.requests).hasSize(1);
        }
        ExecutionResult r =
                new AiRun(Map.of()).run(AiRun.workflow(CHAIN, WIRES), List.of(AiRun.item("{\"letter\":\"A\"}")));
        assertThat(r.state().runs("Chain").getFirst().error().message())
                .isEqualTo("sub-node 'GPT': 'GPT' needs a credential of type 'openAiApi'");
    }

    @Test
    void aModelLeftAtItsDefaultIsN8nsDefaultOfThatVersion() throws Exception {
        // an n8n export leaves the default model out; n8n 2.8 then calls these
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("hetumind.lmChatOpenAi@1", "gpt-5-mini");
        expected.put("hetumind.lmChatOpenAi@1.3", "gpt-5-mini");
        expected.put("hetumind.lmChatAnthropic@1", "claude-2");
        expected.put("hetumind.lmChatAnthropic@1.1", "claude-3-sonnet-20240229");
        expected.put("hetumind.lmChatAnthropic@1.2", "claude-3-5-sonnet-20240620");
        expected.put("hetumind.lmChatAnthropic@1.3", "claude-sonnet-4-5-20250929");
        for (var e : expected.entrySet()) {
            String type = e.getKey().substring(0, e.getKey().indexOf('@'));
            String version = e.getKey().substring(e.getKey().indexOf('@') + 1);
            boolean anthropic = type.endsWith("Anthropic");
            String nodes =
                    """
                    {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.5,"parameters":{"promptType":"define","text":"hi"}},
                    {"name":"Model","type":"%s","typeVersion":%s,"parameters":{"options":{"maxRetries":0}},
                     "credentials":{"%s":{"id":"1","name":"key"}}}
                    """
                            .formatted(type, version, anthropic ? "anthropicApi" : "openAiApi");
            String wires =
                    """
                    "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                    "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                    """;
            try (FakeProvider p = new FakeProvider()) {
                if (anthropic) {
                    p.thenJson(FakeProvider.anthropicText("ok"));
                } else if ("1.3".equals(version)) {
                    p.thenJson(FakeProvider.openAiResponseText("ok"));
                } else {
                    p.thenJson(FakeProvider.openAiText("ok"));
                }
                ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
                assertThat(r.status()).as(e.getKey() + " " + r.toJson()).isEqualTo(ExecutionStatus.SUCCESS);
                assertThat(p.requests.getFirst().body().get("model").asText())
                        .as(e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
    }
}
