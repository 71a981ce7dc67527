package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.nodes.ai.vector.TextSplitters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Summarization Chain 1 (n8n's {@code ChainSummarizationV1}: {@code type}, {@code options} prompts, a required document
 * loader): the prompts LangChain's summarization chains send for each type, and the output {@code {response}}.
 */
class SummarizationV1Test {

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Sum","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Sum","type":"ai_languageModel","index":0}]]},
            "Loader":{"ai_document":[[{"node":"Sum","type":"ai_document","index":0}]]}
            """;

    static final String LOADER =
            """
            {"name":"Loader","type":"@n8n/n8n-nodes-langchain.documentDefaultDataLoader","typeVersion":1,"parameters":{
              "jsonMode":"expressionData","jsonData":"={{ $json.body }}"}},
            """;

    /** A v1 chain (n8n's type name) with {@code parameters}, the loader and the model. */
    static String nodes(String parameters) {
        return """
                {"name":"Sum","type":"@n8n/n8n-nodes-langchain.chainSummarization","typeVersion":1,"parameters":%s},
                """
                        .formatted(parameters)
                + LOADER
                + SummarizationTest.GPT;
    }

    private static ExecutionResult run(FakeProvider p, String parameters, String... bodies) {
        List<io.hetumind.core.model.Item> items = java.util.Arrays.stream(bodies)
                .map(b -> AiRun.item(
                        io.hetumind.core.spi.Json.object().put("body", b).toString()))
                .toList();
        return AiRun.openAi(p).run(AiRun.workflow(nodes(parameters), WIRES), items);
    }

    /** The documents the default data loader (1000/200 recursive splitter) makes of {@code body}. */
    private static List<String> docs(String body) {
        return TextSplitters.recursive(1000, 200).split(body);
    }

    @Test
    void byDefaultMapReduceCombinesDocumentsThatFitOnePromptWithTheDefaultTemplate() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            SummarizationTest.summarizer(p);
            ExecutionResult r = run(p, "{}", "First text.", "Second text.");

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput())
                    .extracting(i -> i.json().toString())
                    .containsExactly("{\"response\":{\"text\":\"final\"}}", "{\"response\":{\"text\":\"final\"}}");
            assertThat(SummarizationTest.prompts(p))
                    .containsExactly(
                            "Write a concise summary of the following:\n\n\n\"First text.\"\n\n\nCONCISE SUMMARY:",
                            "Write a concise summary of the following:\n\n\n\"Second text.\"\n\n\nCONCISE SUMMARY:");
            assertThat(p.requests.getFirst().body().get("messages")).hasSize(1);
            assertThat(p.requests.getFirst().body().at("/messages/0/role").asText())
                    .isEqualTo("user");
        }
    }

    @Test
    void mapReduceMapsUntilTheSummariesFitThenCombinesThem() throws Exception {
        String big = SummarizationTest.BIG_TEXT;
        String longSummary = "LONG summary of a part of the text. ".repeat(25);
        AtomicInteger firstRound = new AtomicInteger();
        AtomicInteger secondRound = new AtomicInteger();
        try (FakeProvider p = new FakeProvider()) {
            p.route(req -> {
                String prompt = req.body().at("/messages/0/content").asText();
                String answer;
                if (prompt.startsWith("COMBINE: ")) {
                    answer = "final";
                } else if (prompt.contains("LONG summary")) {
                    answer = "short-" + secondRound.incrementAndGet();
                } else {
                    firstRound.incrementAndGet();
                    answer = longSummary;
                }
                return new FakeProvider.Reply(
                        200, Map.of(), FakeProvider.openAiText(answer).toString());
            });
            ExecutionResult r = run(
                    p,
                    "{\"type\":\"map_reduce\",\"options\":{\"combineMapPrompt\":\"MAP: {text}\","
                            + "\"prompt\":\"COMBINE: {text}\"}}",
                    big);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"response\":{\"text\":\"final\"}}");
            List<String> chunks = docs(big);
            List<String> prompts = SummarizationTest.prompts(p);
            // round 1: every chunk; their summaries are still over 3000 tokens together, so round 2: every summary
            assertThat(firstRound.get()).isEqualTo(chunks.size());
            assertThat(secondRound.get()).isEqualTo(chunks.size());
            assertThat(prompts).hasSize(2 * chunks.size() + 1);
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(prompts.get(i)).isEqualTo("MAP: " + chunks.get(i));
                assertThat(prompts.get(chunks.size() + i)).isEqualTo("MAP: " + longSummary);
            }
            StringBuilder combined = new StringBuilder("COMBINE: ");
            for (int i = 1; i <= chunks.size(); i++) {
                combined.append(i > 1 ? "\n\n" : "").append("short-").append(i);
            }
            assertThat(prompts.getLast()).isEqualTo(combined.toString());
        }
    }

    @Test
    void stuffSendsAllDocumentsInTheStuffPrompt() throws Exception {
        String body = SummarizationTest.LONG_TEXT.repeat(6);
        try (FakeProvider p = new FakeProvider()) {
            SummarizationTest.summarizer(p);
            ExecutionResult r = run(p, "{\"type\":\"stuff\",\"options\":{\"prompt\":\"STUFF {{x}}: {text}\"}}", body);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(docs(body)).hasSizeGreaterThan(1);
            assertThat(SummarizationTest.prompts(p)).containsExactly("STUFF {x}: " + String.join("\n\n", docs(body)));
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"response\":{\"text\":\"final\"}}");
        }
    }

    @Test
    void refineStartsWithTheFirstDocumentAndRefinesWithEachNext() throws Exception {
        String body = SummarizationTest.LONG_TEXT.repeat(6);
        try (FakeProvider p = new FakeProvider()) {
            AtomicInteger n = new AtomicInteger();
            p.route(req -> new FakeProvider.Reply(
                    200,
                    Map.of(),
                    FakeProvider.openAiText("v" + n.incrementAndGet()).toString()));
            ExecutionResult r = run(p, "{\"type\":\"refine\"}", body);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            List<String> docs = docs(body);
            List<String> prompts = SummarizationTest.prompts(p);
            assertThat(prompts).hasSize(docs.size());
            assertThat(prompts.getFirst())
                    .isEqualTo("Write a concise summary of the following:\n\n\n\"" + docs.getFirst()
                            + "\"\n\n\nCONCISE SUMMARY:");
            assertThat(prompts.get(1))
                    .isEqualTo("Your job is to produce a final summary\n"
                            + "We have provided an existing summary up to a certain point: \"v1\"\n"
                            + "We have the opportunity to refine the existing summary\n"
                            + "(only if needed) with some more context below.\n"
                            + "------------\n"
                            + "\"" + docs.get(1) + "\"\n"
                            + "------------\n\n"
                            + "Given the new context, refine the original summary\n"
                            + "If the context isn't useful, return the original summary.\n\n"
                            + "REFINED SUMMARY:");
            assertThat(r.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"response\":{\"output_text\":\"v" + docs.size() + "\"}}");
        }
    }

    @Test
    void badTypesAndPromptsAreClearErrorsBeforeAnyCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            SummarizationTest.summarizer(p);
            assertThatThrownBy(() -> run(p, "{\"type\":\"summarize\"}", "Text."))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining(
                            "'Type' must be one of [\"map_reduce\", \"refine\", \"stuff\"], got" + " \"summarize\"");
            ExecutionResult badType = run(p, "{\"type\":\"={{ 'summarize' }}\"}", "Text.");
            ExecutionResult badPrompt =
                    run(p, "{\"type\":\"refine\",\"options\":{\"refinePrompt\":\"{summary} and {text}\"}}", "Text.");

            assertThat(badType.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(badType.state().runs("Sum").getFirst().error().message())
                    .isEqualTo("parameter 'type': 'summarize' is not supported (map_reduce, stuff, refine)");
            assertThat(badPrompt.state().runs("Sum").getFirst().error().message())
                    .contains("a summarization prompt uses {summary}, which is not filled (this prompt has"
                            + " [{existing_answer}, {text}])");
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void theDocumentLoaderIsRequiredInVersion1Only() throws Exception {
        String wires =
                """
                "Start":{"main":[[{"node":"Sum","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Sum","type":"ai_languageModel","index":0}]]}
                """;
        String withoutLoader = nodes("{}").replace(LOADER, "");
        try (FakeProvider p = new FakeProvider()) {
            SummarizationTest.summarizer(p);
            assertThatThrownBy(() -> AiRun.openAi(p)
                            .run(AiRun.workflow(withoutLoader, wires), List.of(AiRun.item("{\"body\":\"Text.\"}"))))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining("'Sum' needs a Document connected to its ai_document input");
            ExecutionResult v2 = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(withoutLoader.replace("\"typeVersion\":1,", "\"typeVersion\":2,"), wires),
                            List.of(AiRun.item("{\"body\":\"Text.\"}")));
            assertThat(v2.status()).as(String.valueOf(v2.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests).hasSize(1);
        }
    }
}
