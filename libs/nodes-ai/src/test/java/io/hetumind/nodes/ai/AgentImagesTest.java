package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code passthroughBinaryImages}: the item's image files reach each provider in its own wire shape, as one
 * user message after the prompt; other files are not sent; the run data shows a marker, never the image.
 */
class AgentImagesTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    private static final String PNG64 = Base64.getEncoder().encodeToString(PNG);
    private static final String JPEG64 = Base64.getEncoder().encodeToString(JPEG);

    static String agent(String options) {
        return """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}","options":%s}},
                {"name":"Word length","type":"hetumind.toolCode","typeVersion":1.1,"parameters":{
                  "description":"Counts the letters of a word","jsCode":"return String(query.length)"}},
                """
                .formatted(AiRun.withSystemMessage(options));
    }

    static final String GEMINI =
            """
            {"name":"Model","type":"hetumind.lmChatGoogleGemini","typeVersion":1,"parameters":{
              "modelName":"models/gemini-2.5-flash","options":{"maxRetries":0}},
             "credentials":{"googlePalmApi":{"id":"g1","name":"Gemini account"}}}
            """;

    /** Runs the agent on one item holding a PNG ({@code photo}), a JPEG ({@code scan}) and a text file. */
    private static ExecutionResult run(FakeProvider p, String options, String model) {
        AiRun run = AiRun.openAi(p);
        BinaryRef photo = run.putBinary(PNG, "image/png", "photo.png");
        BinaryRef scan = run.putBinary(JPEG, "image/jpeg", "scan.jpg");
        BinaryRef notes = run.putBinary("just text".getBytes(StandardCharsets.UTF_8), "text/plain", "notes.txt");
        Item item = AiRun.item("{\"q\":\"What is in the pictures?\"}")
                .withBinary(Map.of("scan", scan, "notes", notes, "photo", photo));
        return run.run(AiRun.workflow(agent(options) + model, AgentStreamingTest.WIRES), List.of(item));
    }

    private static void assertMarkers(ExecutionResult r) {
        List<JsonNode> calls = AiRun.modelCalls(r, "Agent");
        JsonNode images = calls.getFirst().get("messagesIn").get(2);
        assertThat(images.toString())
                .isEqualTo("{\"role\":\"user\",\"images\":[{\"mimeType\":\"image/png\",\"size\":16},"
                        + "{\"mimeType\":\"image/jpeg\",\"size\":10}]}");
        assertThat(calls.getFirst().get("messagesIn").get(1).get("text").asText())
                .isEqualTo("What is in the pictures?");
        assertThat(r.toJson().toString()) // every run's console, the model's entries included
                .contains("What is in the pictures?")
                .doesNotContain(PNG64)
                .doesNotContain(JPEG64);
    }

    @Test
    void openAiGetsDataUrlsInImageUrlPartsOnEveryCallOfTheItem() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"cat\"}"))
                    .thenJson(FakeProvider.openAiText("A cat and a dog"));
            ExecutionResult r = run(p, "{}", AgentStreamingTest.GPT);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("A cat and a dog");
            String parts = "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG64
                    + "\",\"detail\":\"auto\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,"
                    + JPEG64 + "\",\"detail\":\"auto\"}}]";
            JsonNode first = p.requests.get(0).body().get("messages");
            assertThat(first).hasSize(3);
            assertThat(first.get(1).toString())
                    .isEqualTo("{\"role\":\"user\",\"content\":\"What is in the pictures?\"}");
            assertThat(first.get(2).get("role").asText()).isEqualTo("user");
            assertThat(first.get(2).get("content").toString()).isEqualTo(parts);
            // the images stay before the scratchpad: the next call of the same item sees them again
            JsonNode second = p.requests.get(1).body().get("messages");
            assertThat(second).hasSize(5);
            assertThat(second.get(2).get("content").toString()).isEqualTo(parts);
            assertThat(second.get(3).get("role").asText()).isEqualTo("assistant");
            assertThat(second.get(4).get("role").asText()).isEqualTo("tool");
            assertMarkers(r);
        }
    }

    @Test
    void anthropicGetsBase64ImageSources() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.anthropicText("A cat and a dog"));
            ExecutionResult r = run(p, "{}", AgentStreamingTest.CLAUDE);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode messages = p.requests.getFirst().body().get("messages");
            assertThat(messages.toString())
                    .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in the"
                            + " pictures?\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":"
                            + "\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG64
                            + "\"}},{\"type\":\"image\","
                            + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"" + JPEG64
                            + "\"}}]}]");
            assertMarkers(r);
        }
    }

    @Test
    void geminiGetsInlineDataPartsInTheUserTurn() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.geminiText("A cat and a dog"));
            ExecutionResult r = run(p, "{}", GEMINI);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode contents = p.requests.getFirst().body().get("contents");
            // consecutive user messages are one Gemini turn
            assertThat(contents.toString())
                    .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"text\":\"What is in the pictures?\"},"
                            + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + PNG64 + "\"}},"
                            + "{\"inline_data\":{\"mime_type\":\"image/jpeg\",\"data\":\"" + JPEG64 + "\"}}]}]");
            assertMarkers(r);
        }
    }

    @Test
    void ollamaGetsAnImagesArrayOfBareBase64() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.ollamaText("A cat and a dog"));
            ExecutionResult r = run(p, "{}", AgentStreamingTest.OLLAMA);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode messages = p.requests.getFirst().body().get("messages");
            assertThat(messages.get(2).toString())
                    .isEqualTo(
                            "{\"role\":\"user\",\"content\":\"\",\"images\":[\"" + PNG64 + "\",\"" + JPEG64 + "\"]}");
            assertMarkers(r);
        }
    }

    @Test
    void switchedOffOrWithoutImagesOnlyThePromptIsSent() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("no pictures")).thenJson(FakeProvider.openAiText("nothing to see"));
            ExecutionResult off = run(p, "{\"passthroughBinaryImages\":false}", AgentStreamingTest.GPT);
            AiRun plain = AiRun.openAi(p);
            BinaryRef notes = plain.putBinary("text".getBytes(StandardCharsets.UTF_8), "text/plain", "notes.txt");
            ExecutionResult textOnly = plain.run(
                    AiRun.workflow(agent("{}") + AgentStreamingTest.GPT, AgentStreamingTest.WIRES),
                    List.of(AiRun.item("{\"q\":\"Anything?\"}").withBinary(Map.of("notes", notes))));

            assertThat(off.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(textOnly.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.get(0).body().get("messages")).hasSize(2);
            assertThat(p.requests.get(1).body().get("messages")).hasSize(2);
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(1)
                            .get("content")
                            .asText())
                    .isEqualTo("Anything?");
            assertThat(AiRun.modelCalls(off, "Agent").getFirst().get("messagesIn"))
                    .hasSize(2);
        }
    }

    @Test
    void anImageThatCannotBeReadFailsTheItemBeforeAnyCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            BinaryRef gone = BinaryRef.stored("exec-test/gone", "image/png", "gone.png", 16);
            ExecutionResult r = run.run(
                    AiRun.workflow(agent("{}") + AgentStreamingTest.GPT, AgentStreamingTest.WIRES),
                    List.of(AiRun.item("{\"q\":\"Look\"}").withBinary(Map.of("photo", gone))));

            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().error().message())
                    .contains("'Agent': the image in binary field 'photo' of item 0 could not be read");
            assertThat(p.requests).isEmpty();
        }
    }
}
