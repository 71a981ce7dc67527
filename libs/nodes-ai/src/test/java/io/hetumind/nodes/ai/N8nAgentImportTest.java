package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.model.Node;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An n8n AI Agent export (chat model + memory + two Code tools) imports unchanged and runs against the fake provider. */
class N8nAgentImportTest {

    static String export() throws Exception {
        try (var in = N8nAgentImportTest.class.getResourceAsStream("/n8n/ai-agent-export.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void importsValidatesAndRuns() throws Exception {
        String text = export();
        assertThat(N8nImport.looksLikeN8n((com.fasterxml.jackson.databind.node.ObjectNode)
                        io.hetumind.core.spi.Json.reader().readTree(text)))
                .isTrue();
        N8nImport.Result imported = N8nImport.convert(text, AiRun.REGISTRY);
        assertThat(imported.unsupported()).isEmpty();
        assertThat(imported.workflow().nodes())
                .extracting(Node::type)
                .containsExactly(
                        "hetumind.manualTrigger",
                        "hetumind.set",
                        "hetumind.agent",
                        "hetumind.lmChatOpenAi",
                        "hetumind.memoryBufferWindow",
                        "hetumind.toolCode",
                        "hetumind.toolCode");
        assertThat(new WorkflowValidator(AiRun.REGISTRY)
                        .validate(imported.workflow())
                        .problems())
                .isEmpty();

        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls(
                            "add_numbers", "{\"a\":40,\"b\":2}", "reverse_text", "{\"input\":\"olleh\"}"))
                    .thenJson(FakeProvider.openAiText("40 + 2 = 42, and 'olleh' reversed is 'hello'."))
                    .thenJson(FakeProvider.openAiText("I said 42."));
            AiRun run = AiRun.openAi(p);
            ExecutionResult r = run.run(
                    imported.workflow(),
                    List.of(AiRun.item("{\"question\":\"What is 40+2, and reverse olleh\",\"customer\":\"c-7\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("AI Agent", 0).getFirst().json().get("output").asText())
                    .isEqualTo("40 + 2 = 42, and 'olleh' reversed is 'hello'.");
            JsonNode first = p.requests.get(0).body();
            assertThat(first.get("temperature").asDouble()).isEqualTo(0.0);
            assertThat(first.get("tools")).hasSize(2);
            assertThat(first.get("tools")
                            .get(0)
                            .get("function")
                            .get("parameters")
                            .get("required")
                            .toString())
                    .isEqualTo("[\"a\",\"b\"]");
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second.get(3).get("content").asText()).isEqualTo("42");
            assertThat(second.get(4).get("content").asText()).isEqualTo("hello");

            assertThat(AiRun.CHECKED.get())
                    .as("parameter reads checked against the descriptors")
                    .isGreaterThan(10);

            // the same customer again: the memory (session from the input's sessionId) holds the first exchange
            ExecutionResult again = run.run(
                    imported.workflow(),
                    List.of(AiRun.item("{\"question\":\"What did you say?\",\"customer\":\"c-7\"}")));
            assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode third = p.requests.get(2).body().get("messages");
            assertThat(third).hasSize(4);
            assertThat(third.get(2).get("content").asText()).isEqualTo("40 + 2 = 42, and 'olleh' reversed is 'hello'.");
        }
    }
}
