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
 * The Basic LLM Chain's image messages ({@code messageType} {@code imageBinary} / {@code imageUrl}, n8n's
 * {@code createImageMessage}): each provider receives the image in its own wire shape; a last image message takes the
 * prompt as one more part; bad input is a clear node error before any call.
 */
class ChainImagesTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final String PNG64 = Base64.getEncoder().encodeToString(PNG);

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
            "Model":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
            """;

    /** A chain whose messages are a system message then {@code messages} (JSON objects, comma-separated). */
    static String chain(String messages) {
        return """
                {"name":"Chain","type":"hetumind.chainLlm","typeVersion":1.7,"parameters":{
                  "promptType":"define","text":"={{ $json.q }}",
                  "messages":{"messageValues":[
                    {"type":"SystemMessagePromptTemplate","message":"You describe pictures"},%s]}}},
                """
                .formatted(messages);
    }

    static final String PHOTO =
            "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageBinary\",\"binaryImageDataKey\":\"photo\"}";

    private static ExecutionResult run(FakeProvider p, String messages, String model) {
        AiRun run = AiRun.openAi(p);
        BinaryRef photo = run.putBinary(PNG, "image/png", "photo.png");
        BinaryRef notes = run.putBinary("just text".getBytes(StandardCharsets.UTF_8), "text/plain", "notes.txt");
        Item item =
                AiRun.item("{\"q\":\"What is in the picture?\"}").withBinary(Map.of("photo", photo, "notes", notes));
        return run.run(AiRun.workflow(chain(messages) + model, WIRES), List.of(item));
    }

    private static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().runs("Chain").getFirst().error().message();
    }

    @Test
    void openAiGetsTheBinaryAsADataUrlWithThePromptInTheSameMessage() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("A red square"));
            ExecutionResult r = run(p, PHOTO.replace("}", ",\"imageDetail\":\"low\"}"), AgentStreamingTest.GPT);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"A red square\"}");
            JsonNode messages = p.requests.getFirst().body().get("messages");
            assertThat(messages.toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"You describe pictures\"},{\"role\":\"user\","
                            + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                            + PNG64 + "\",\"detail\":\"low\"}},{\"type\":\"text\",\"text\":\"What is in the"
                            + " picture?\"}]}]");
            JsonNode record =
                    AiRun.modelCalls(r, "Chain").getFirst().get("messagesIn").get(1);
            assertThat(record.toString())
                    .isEqualTo("{\"role\":\"user\",\"text\":\"What is in the picture?\",\"images\":[{\"mimeType\":"
                            + "\"image/png\",\"size\":16}]}");
            r.state().runs("Chain").getFirst().console().forEach(line -> assertThat(line)
                    .doesNotContain(PNG64));
        }
    }

    @Test
    void openAiGetsAnImageUrlAsItIsAndAFollowingTextMessageKeepsThePromptApart() throws Exception {
        String messages = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageUrl\","
                + "\"imageUrl\":\"https://example.com/cat.png\",\"imageDetail\":\"high\"},"
                + "{\"type\":\"HumanMessagePromptTemplate\",\"message\":\"Be brief {really}\"}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("A cat"));
            ExecutionResult r = run(p, messages, AgentStreamingTest.GPT);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode sent = p.requests.getFirst().body().get("messages");
            assertThat(sent).hasSize(4);
            assertThat(sent.get(1).toString())
                    .isEqualTo("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
                            + "\"https://example.com/cat.png\",\"detail\":\"high\"}}]}");
            assertThat(sent.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"Be brief {really}\"}");
            assertThat(sent.get(3).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"What is in the picture?\"}");
        }
    }

    @Test
    void anthropicGetsABase64SourceOrAUrlSource() throws Exception {
        String url = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageUrl\","
                + "\"imageUrl\":\"https://example.com/cat.png\"}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.anthropicText("A red square")).thenJson(FakeProvider.anthropicText("A cat"));
            ExecutionResult binary = run(p, PHOTO, AgentStreamingTest.CLAUDE);
            ExecutionResult byUrl = run(p, url, AgentStreamingTest.CLAUDE);

            assertThat(binary.status())
                    .as(String.valueOf(binary.state().error()))
                    .isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(byUrl.status()).as(String.valueOf(byUrl.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.get(0).body().get("system").toString()).contains("You describe pictures");
            assertThat(p.requests.get(0).body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                            + "\"media_type\":\"image/png\",\"data\":\"" + PNG64 + "\"}},{\"type\":\"text\",\"text\":"
                            + "\"What is in the picture?\"}]}]");
            assertThat(p.requests.get(1).body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\","
                            + "\"url\":\"https://example.com/cat.png\"}},{\"type\":\"text\",\"text\":"
                            + "\"What is in the picture?\"}]}]");
        }
    }

    @Test
    void geminiGetsInlineDataAndRefusesAnUrlClearly() throws Exception {
        String url = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageUrl\","
                + "\"imageUrl\":\"https://example.com/cat.png\"}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.geminiText("A red square"));
            ExecutionResult binary = run(p, PHOTO, AgentImagesTest.GEMINI);
            ExecutionResult byUrl = run(p, url, AgentImagesTest.GEMINI);

            assertThat(binary.status())
                    .as(String.valueOf(binary.state().error()))
                    .isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode body = p.requests.getFirst().body();
            assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You describe pictures");
            assertThat(body.get("contents").toString())
                    .isEqualTo(
                            "[{\"role\":\"user\",\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\""
                                    + PNG64 + "\"}},{\"text\":\"What is in the picture?\"}]}]");
            assertThat(error(byUrl)).contains("sends images as data, not by URL");
            assertThat(p.requests).hasSize(1);
        }
    }

    @Test
    void ollamaGetsBareBase64BesideThePrompt() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.ollamaText("A red square"));
            ExecutionResult r = run(p, PHOTO, AgentStreamingTest.OLLAMA);

            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests.getFirst().body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"You describe pictures\"},{\"role\":\"user\","
                            + "\"content\":\"What is in the picture?\",\"images\":[\"" + PNG64 + "\"]}]");
        }
    }

    @Test
    void badImageMessagesAreClearErrorsBeforeAnyCall() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            String missing = PHOTO.replace("photo", "scan");
            assertThat(error(run(p, missing, AgentStreamingTest.GPT)))
                    .isEqualTo("'Chain': parameter 'messages.messageValues.1': item 0 has no binary field 'scan' (it"
                            + " has [notes, photo])");
            String text = PHOTO.replace("photo", "notes");
            assertThat(error(run(p, text, AgentStreamingTest.GPT)))
                    .isEqualTo("'Chain': parameter 'messages.messageValues.1': binary field 'notes' of item 0 is"
                            + " text/plain, which is not a supported type of binary data. Only images are supported.");
            String noUrl = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageUrl\",\"imageUrl\":\"\"}";
            assertThat(error(run(p, noUrl, AgentStreamingTest.GPT)))
                    .isEqualTo("parameter 'messages.messageValues.1': the image URL is empty");
            String file = noUrl.replace("\"\"}", "\"file:///etc/passwd\"}");
            assertThat(error(run(p, file, AgentStreamingTest.GPT)))
                    .startsWith("parameter 'messages.messageValues.1': the image URL 'file:///etc/passwd' is not an"
                            + " http(s) URL");
            String other = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"audio\"}";
            assertThat(error(run(p, other, AgentStreamingTest.GPT)))
                    .isEqualTo("parameter 'messages.messageValues.1': message type 'audio' is not supported (text,"
                            + " imageBinary, imageUrl)");
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void theDefaultFieldIsDataAndAnUnreadableImageIsAnOperationalError() throws Exception {
        String byDefault = "{\"type\":\"HumanMessagePromptTemplate\",\"messageType\":\"imageBinary\"}";
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("A red square"));
            AiRun run = AiRun.openAi(p);
            BinaryRef data = run.putBinary(PNG, "image/png", "photo.png");
            ExecutionResult r = run.run(
                    AiRun.workflow(chain(byDefault) + AgentStreamingTest.GPT, WIRES),
                    List.of(AiRun.item("{\"q\":\"And this?\"}").withBinary(Map.of("data", data))));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .getFirst()
                            .body()
                            .at("/messages/1/content/0/image_url/url")
                            .asText())
                    .isEqualTo("data:image/png;base64," + PNG64);

            BinaryRef gone = BinaryRef.stored("exec-test/gone", "image/png", "gone.png", 16);
            ExecutionResult failed = run.run(
                    AiRun.workflow(chain(byDefault) + AgentStreamingTest.GPT, WIRES),
                    List.of(AiRun.item("{\"q\":\"And this?\"}").withBinary(Map.of("data", gone))));
            assertThat(error(failed))
                    .startsWith("'Chain': the image in binary field 'data' of item 0 could not be read");
            assertThat(p.requests).hasSize(1);
        }
    }
}
