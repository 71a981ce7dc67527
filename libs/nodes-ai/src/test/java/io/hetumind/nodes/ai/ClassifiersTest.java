package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text Classifier, Sentiment Analysis and Information Extractor against the fake provider. */
class ClassifiersTest {

    static final String MODEL =
            """
            {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;

    static String wires(String root) {
        return "\"Start\":{\"main\":[[{\"node\":\"" + root + "\",\"type\":\"main\",\"index\":0}]]},"
                + "\"GPT\":{\"ai_languageModel\":[[{\"node\":\"" + root
                + "\",\"type\":\"ai_languageModel\",\"index\":0}]]}";
    }

    @Test
    void textClassifierRoutesEachItemToItsCategoryAndOther() throws Exception {
        String nodes =
                """
                {"name":"Classify","type":"hetumind.textClassifier","typeVersion":1.1,"parameters":{
                  "inputText":"={{ $json.text }}",
                  "categories":{"categories":[{"category":"Billing","description":"money"},{"category":"Bug"}]},
                  "options":{"fallback":"other"}}},
                """
                        + MODEL;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"Billing\":true,\"Bug\":false,\"fallback\":false}"))
                    .thenJson(FakeProvider.openAiText(
                            "```json\n{\"Billing\":false,\"Bug\":false,\"fallback\":true}\n```"))
                    .thenJson(FakeProvider.openAiText("{\"Billing\":\"maybe\"}"))
                    .thenJson(FakeProvider.openAiText("{\"Billing\":false,\"Bug\":true,\"fallback\":false}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires("Classify")),
                            List.of(
                                    AiRun.item("{\"text\":\"refund please\"}"),
                                    AiRun.item("{\"text\":\"hello\"}"),
                                    AiRun.item("{\"text\":\"it crashes\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Classify", 0))
                    .extracting(i -> i.json().get("text").asText())
                    .containsExactly("refund please");
            assertThat(r.output("Classify", 1))
                    .extracting(i -> i.json().get("text").asText())
                    .containsExactly("it crashes");
            assertThat(r.output("Classify", 2))
                    .extracting(i -> i.json().get("text").asText())
                    .containsExactly("hello");
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .startsWith(
                            "Please classify the text provided by the user into one of the following categories: Billing, Bug");
            // the third answer did not fit: it was sent back once with what was wrong
            assertThat(p.requests
                            .get(3)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .contains("$.Billing: expected boolean, got string");
        }
    }

    @Test
    void sentimentAnalysisAddsTheCategoryAndRoutesByIt() throws Exception {
        String nodes =
                """
                {"name":"Sentiment","type":"hetumind.sentimentAnalysis","typeVersion":1.1,"parameters":{
                  "inputText":"={{ $json.review }}","options":{"categories":"Happy, Angry","includeDetailedResults":true}}},
                """
                        + MODEL;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"sentiment\":\"Angry\",\"strength\":0.9,\"confidence\":0.8}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(AiRun.workflow(nodes, wires("Sentiment")), List.of(AiRun.item("{\"review\":\"Awful!\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Sentiment", 0)).isEmpty();
            assertThat(r.output("Sentiment", 1).getFirst().json().toString())
                    .isEqualTo(
                            "{\"review\":\"Awful!\",\"sentimentAnalysis\":{\"category\":\"Angry\",\"strength\":0.9,\"confidence\":0.8}}");
            assertThat(p.requests
                            .getFirst()
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .contains("Categorize it into one of the following: Happy, Angry");
        }
    }

    @Test
    void informationExtractorReturnsTheAttributes() throws Exception {
        String nodes =
                """
                {"name":"Extract","type":"hetumind.informationExtractor","typeVersion":1.2,"parameters":{
                  "text":"={{ $json.mail }}",
                  "attributes":{"attributes":[
                    {"name":"name","type":"string","description":"the sender","required":true},
                    {"name":"amount","type":"number","description":"the amount asked for"}]}}},
                """
                        + MODEL;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"output\":{\"name\":\"Ann\",\"amount\":12.5}}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires("Extract")),
                            List.of(AiRun.item("{\"mail\":\"Hi, Ann here, please refund 12.50\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"output\":{\"name\":\"Ann\",\"amount\":12.5}}");
            assertThat(p.requests
                            .getFirst()
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .isEqualTo("Hi, Ann here, please refund 12.50");
        }
    }

    @Test
    void continueOnFailTurnsABadItemIntoAnErrorItem() throws Exception {
        String nodes =
                """
                {"name":"Extract","type":"hetumind.informationExtractor","typeVersion":1.2,"onError":"continueRegularOutput",
                 "parameters":{"text":"={{ $json.mail }}",
                  "attributes":{"attributes":[{"name":"name","type":"string","description":"the sender","required":true}]}}},
                """
                        + MODEL;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("{\"output\":{\"name\":\"Bo\"}}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(nodes, wires("Extract")),
                            List.of(AiRun.item("{\"mail\":\"\"}"), AiRun.item("{\"mail\":\"Bo here\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Extract", 0))
                    .extracting(i -> i.json().toString())
                    .containsExactlyInAnyOrder(
                            "{\"output\":{\"name\":\"Bo\"}}", "{\"error\":\"the text to extract from is empty\"}");
        }
    }
}
