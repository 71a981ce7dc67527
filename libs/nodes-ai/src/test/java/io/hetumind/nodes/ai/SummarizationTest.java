package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.nodes.ai.vector.TextSplitters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Summarization Chain (map-reduce, stuff, refine, 2.1 batching) and the token splitter. */
class SummarizationTest {

    static final String GPT =
            """
            {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
              "model":{"__rl":true,"mode":"id","value":"gpt-4o-mini"},"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;

    static String wires(String extra) {
        return """
                "Start":{"main":[[{"node":"Sum","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Sum","type":"ai_languageModel","index":0}]]}
                """
                + extra;
    }

    static final String LONG_TEXT = "The river rises in the hills and runs north. "
            + "Farmers along it grow rice and beans. "
            + "In spring the water floods the lower fields. "
            + "A dam was built upstream in 1970 to stop the floods. "
            + "Since then the fish have become fewer.";

    /** Answers MAP prompts with numbered summaries and anything else with "final". */
    static void summarizer(FakeProvider p) {
        AtomicInteger n = new AtomicInteger();
        p.route(r -> {
            String prompt = r.body().at("/messages/0/content").asText();
            String answer = prompt.startsWith("MAP:") ? "summary-" + n.incrementAndGet() : "final";
            return new FakeProvider.Reply(
                    200, Map.of(), FakeProvider.openAiText(answer).toString());
        });
    }

    static List<String> prompts(FakeProvider p) {
        return p.requests.stream()
                .map(r -> r.body().at("/messages/0/content").asText())
                .toList();
    }

    /** LONG_TEXT a hundred times: over LangChain's 3000-token budget for one combine prompt. */
    static final String BIG_TEXT = LONG_TEXT.repeat(100);

    @Test
    void mapReduceSummarizesEachChunkThenTheSummariesWhenTheyDoNotFitOnePrompt() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"@n8n/n8n-nodes-langchain.chainSummarization","typeVersion":2,"parameters":{
                  "chunkSize":4000,"chunkOverlap":0,"options":{"summarizationMethodAndPrompts":{"values":{
                    "combineMapPrompt":"MAP: {text}","prompt":"COMBINE: {text} {{not a variable}}"}}}}},
                """
                        + GPT;
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires("")), List.of(AiRun.item("{\"story\":\"" + BIG_TEXT + "\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"response\":{\"text\":\"final\"}}");
            List<String> prompts = prompts(p);
            int maps = prompts.size() - 1;
            assertThat(maps).isBetween(5, 6);
            for (int i = 0; i < maps; i++) {
                assertThat(prompts.get(i)).startsWith("MAP: ").hasSizeLessThanOrEqualTo("MAP: ".length() + 4000);
            }
            StringBuilder expected = new StringBuilder("COMBINE: ");
            for (int i = 1; i <= maps; i++) {
                expected.append(i > 1 ? "\n\n" : "").append("summary-").append(i);
            }
            assertThat(prompts.getLast()).isEqualTo(expected + " {not a variable}");
            assertThat(AiRun.modelCalls(r, "Sum")).hasSize(maps + 1);
        }
    }

    @Test
    void mapReduceCombinesChunksThatFitOnePromptWithoutMapCalls() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2,"parameters":{
                  "chunkSize":60,"chunkOverlap":0,"options":{"summarizationMethodAndPrompts":{"values":{
                    "combineMapPrompt":"MAP: {text}","prompt":"COMBINE: {text}"}}}}},
                """
                        + GPT;
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            String text = "{\"story\":\"" + LONG_TEXT + "\"}";
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires("")), List.of(AiRun.item(text)));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            // LangChain's MapReduceDocumentsChain skips the map step when the combine prompt stays under 3000 tokens
            assertThat(prompts(p))
                    .containsExactly("COMBINE: "
                            + String.join("\n\n", TextSplitters.recursive(60, 0).split(text)));
        }
    }

    @Test
    void stuffSendsTheTokenSplitterChunksInOnePromptWithTheDefaultTemplate() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2,"parameters":{
                  "chunkingMode":"advanced","options":{"summarizationMethodAndPrompts":{"values":{
                    "summarizationMethod":"stuff"}}}}},
                {"name":"Tokens","type":"@n8n/n8n-nodes-langchain.textSplitterTokenSplitter","typeVersion":1,
                 "parameters":{"chunkSize":8,"chunkOverlap":2}},
                """
                        + GPT;
        String extra =
                ",\"Tokens\":{\"ai_textSplitter\":[[{\"node\":\"Sum\",\"type\":\"ai_textSplitter\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires(extra)), List.of(AiRun.item("{\"story\":\"" + LONG_TEXT + "\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"response\":{\"text\":\"final\"}}");
            assertThat(p.requests).hasSize(1);
            String text = "{\"story\":\"" + LONG_TEXT + "\"}";
            String stuffed = String.join("\n\n", TextSplitters.tokens(8, 2).split(text));
            assertThat(prompts(p).getFirst())
                    .isEqualTo(
                            "Write a concise summary of the following:\n\n\n\"" + stuffed + "\"\n\n\nCONCISE SUMMARY:");
        }
    }

    @Test
    void refineCarriesTheSummaryFromChunkToChunk() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2,"parameters":{
                  "chunkSize":80,"chunkOverlap":0,"options":{"summarizationMethodAndPrompts":{"values":{
                    "summarizationMethod":"refine","refineQuestionPrompt":"FIRST: {text}",
                    "refinePrompt":"HAD: {existing_answer} NEW: {text}"}}}}},
                """
                        + GPT;
        try (FakeProvider p = new FakeProvider()) {
            AtomicInteger n = new AtomicInteger();
            p.route(req -> new FakeProvider.Reply(
                    200,
                    Map.of(),
                    FakeProvider.openAiText("v" + n.incrementAndGet()).toString()));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires("")), List.of(AiRun.item("{\"story\":\"" + LONG_TEXT + "\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            List<String> prompts = prompts(p);
            assertThat(prompts.size()).isGreaterThanOrEqualTo(3);
            assertThat(prompts.getFirst()).startsWith("FIRST: {\"story\"");
            for (int i = 1; i < prompts.size(); i++) {
                assertThat(prompts.get(i)).startsWith("HAD: v" + i + " NEW: ");
            }
            assertThat(r.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"response\":{\"output_text\":\"v" + prompts.size() + "\"}}");
        }
    }

    @Test
    void version21BatchesTheMapCallsWithADelayBetweenBatches() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2.1,"parameters":{
                  "chunkSize":60,"chunkOverlap":0,"options":{
                    "summarizationMethodAndPrompts":{"values":{"combineMapPrompt":"MAP: {text}","prompt":"C: {text}"}},
                    "batching":{"batchSize":2,"delayBetweenBatches":400}}}},
                """
                        + GPT;
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires("")), List.of(AiRun.item("{\"story\":\"" + LONG_TEXT + "\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"response\":{\"output_text\":\"final\"}}");
            assertThat(p.times.size()).isGreaterThanOrEqualTo(4);
            long within = (p.times.get(1) - p.times.get(0)) / 1_000_000;
            long across = (p.times.get(2) - p.times.get(1)) / 1_000_000;
            assertThat(across).isGreaterThanOrEqualTo(390);
            assertThat(within).isLessThan(390);
        }
    }

    @Test
    void aPromptWithAnUnknownVariableIsAClearErrorBeforeAnyCall() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2,"parameters":{
                  "options":{"summarizationMethodAndPrompts":{"values":{"summarizationMethod":"stuff",
                    "prompt":"Summarize {txt} please"}}}}},
                """
                        + GPT;
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            ExecutionResult r = AiRun.openAi(p).run(AiRun.workflow(nodes, wires("")), List.of(AiRun.item("{\"a\":1}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Sum").getFirst().error().message())
                    .contains("a summarization prompt uses {txt}, which is not filled (this prompt has [{text}])");
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void theTokenSplitterCutsCl100kWindowsLikeLangChain() {
        assertThat(TextSplitters.tokens(4, 1).split("one two three four five six seven eight nine ten"))
                .containsExactly("one two three four", " four five six seven", " seven eight nine ten", " ten");
        assertThat(TextSplitters.tokens(4, 0).split("")).isEmpty();
        assertThat(TextSplitters.tokens(3, 0).split("a <|endoftext|> b")).isNotEmpty();
        assertThat(TextSplitters.countTokens("hello world")).isEqualTo(2);
    }

    @Test
    void documentLoaderModeSummarizesWhatTheLoaderMakesOfEachItem() throws Exception {
        String nodes =
                """
                {"name":"Sum","type":"hetumind.chainSummarization","typeVersion":2,"parameters":{
                  "operationMode":"documentLoader","options":{"summarizationMethodAndPrompts":{"values":{
                    "summarizationMethod":"stuff","prompt":"S: {text}"}}}}},
                {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":{
                  "jsonMode":"expressionData","jsonData":"={{ $json.body }}"}},
                """
                        + GPT;
        String extra = ",\"Loader\":{\"ai_document\":[[{\"node\":\"Sum\",\"type\":\"ai_document\",\"index\":0}]]}";
        try (FakeProvider p = new FakeProvider()) {
            summarizer(p);
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires(extra)),
                            List.of(
                                    AiRun.item("{\"body\":\"First text.\"}"),
                                    AiRun.item("{\"body\":\"Second text.\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(prompts(p)).containsExactly("S: First text.", "S: Second text.");
            assertThat(r.lastOutput()).hasSize(2);
        }
    }
}
