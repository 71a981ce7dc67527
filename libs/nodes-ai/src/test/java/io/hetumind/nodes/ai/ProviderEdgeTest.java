package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider edges: a slow provider times out; Anthropic's tool_use drives the agent loop too. */
class ProviderEdgeTest {

    @Test
    void aProviderSlowerThanTheTimeoutIsAnOperationalErrorNamingTheModel() throws Exception {
        String nodes =
                """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{"promptType":"define","text":"hi"}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"timeout":300,"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.route(r -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new FakeProvider.Reply(
                        200, Map.of(), FakeProvider.openAiText("late").toString());
            });
            long t0 = System.nanoTime();
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            var error = r.state().runs("Chain").getFirst().error();
            assertThat(error.message()).startsWith("'GPT' (OpenAI): no answer from 127.0.0.1 within 300 ms");
            assertThat(ms).isLessThan(1400);
        }
    }

    static ObjectNode anthropicToolUse(String name, ObjectNode input) {
        ObjectNode o = FakeProvider.anthropicText("x");
        o.put("stop_reason", "tool_use");
        var content = o.putArray("content");
        content.addObject().put("type", "text").put("text", "Let me count.");
        ObjectNode use =
                content.addObject().put("type", "tool_use").put("id", "toolu_1").put("name", name);
        use.set("input", input);
        return o;
    }

    @Test
    void anAgentOnClaudeCallsToolsThroughToolUseBlocks() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"Claude","type":"hetumind.lmChatAnthropic","typeVersion":1.3,
                 "credentials":{"anthropicApi":{"id":"2","name":"Anthropic"}}},
                {"name":"Word length","type":"hetumind.toolCode","typeVersion":1,"parameters":{
                  "name":"word_length","description":"Counts letters","jsCode":"return String(query.length)"}}
                """;
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "Claude":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Word length":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(anthropicToolUse("word_length", Json.object().put("input", "banana")))
                    .thenJson(FakeProvider.anthropicText("banana has 6 letters"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"How long is banana?\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("banana has 6 letters");
            var first = p.requests.get(0).body();
            assertThat(first.get("system").toString()).contains("You are a helpful assistant");
            assertThat(first.get("tools").get(0).get("name").asText()).isEqualTo("word_length");
            var messages = p.requests.get(1).body().get("messages");
            var toolResult = messages.get(messages.size() - 1).get("content").get(0);
            assertThat(toolResult.get("type").asText()).isEqualTo("tool_result");
            assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("toolu_1");
            assertThat(toolResult.get("content").toString()).contains("6");
        }
    }
}
