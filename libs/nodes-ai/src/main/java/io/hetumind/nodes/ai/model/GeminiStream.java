package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Puts together one streamed Gemini answer ({@code streamGenerateContent?alt=sse}): every event is a {@code
 * GenerateContentResponse} holding the next parts of the first candidate; text parts (not a thinking model's thought
 * summaries) go to {@code onText} as they come. {@link #whole()} is the answer a plain call would have got: all parts
 * in order, the last finish reason, token counts, model version and prompt feedback.
 */
final class GeminiStream {

    private final Consumer<String> onText;
    private final ArrayNode parts = Json.array();
    private boolean candidate;
    private String finishReason;
    private JsonNode usage;
    private String modelVersion;
    private JsonNode promptFeedback;

    GeminiStream(Consumer<String> onText) {
        this.onText = onText;
    }

    /** One event's data; an {@code error} object the API sends inside the stream fails the call. */
    void accept(String data) {
        JsonNode event;
        try {
            event = Json.reader().readTree(data);
        } catch (IOException e) {
            throw new IllegalStateException("a streamed event is not JSON: " + data, e);
        }
        if (event == null || !event.isObject()) {
            throw new IllegalStateException("a streamed event is not a JSON object: " + data);
        }
        JsonNode error = event.get("error");
        if (error != null && !error.isNull()) {
            String message = error.path("message").asText(error.toString());
            String status = error.path("status").asText("");
            throw new IllegalStateException(
                    message,
                    NodeException.operational(
                            "Gemini sent an error in the stream: " + (status.isEmpty() ? "" : status + ": ") + message,
                            null));
        }
        JsonNode c = event.path("candidates").path(0);
        if (c.isObject()) {
            candidate = true;
            for (JsonNode p : c.at("/content/parts")) {
                parts.add(p);
                if (p.has("text") && !p.path("thought").asBoolean(false)) {
                    String text = p.get("text").asText();
                    if (!text.isEmpty()) {
                        onText.accept(text);
                    }
                }
            }
            if (c.hasNonNull("finishReason")) {
                finishReason = c.get("finishReason").asText();
            }
        }
        if (event.get("usageMetadata") instanceof ObjectNode u) {
            usage = u; // the counts so far; the last event's are the call's
        }
        if (event.hasNonNull("modelVersion")) {
            modelVersion = event.get("modelVersion").asText();
        }
        if (event.has("promptFeedback")) {
            promptFeedback = event.get("promptFeedback");
        }
    }

    /** The answer as one {@code generateContent} response; a stream that ended before its finish reason is refused. */
    JsonNode whole() {
        ObjectNode answer = Json.object();
        if (candidate) {
            if (finishReason == null) {
                throw new IllegalStateException("the streamed answer ended before its finishReason");
            }
            ObjectNode c = answer.putArray("candidates").addObject();
            c.putObject("content").put("role", "model").set("parts", parts);
            c.put("finishReason", finishReason);
        }
        if (usage != null) {
            answer.set("usageMetadata", usage);
        }
        if (modelVersion != null) {
            answer.put("modelVersion", modelVersion);
        }
        if (promptFeedback != null) {
            answer.set("promptFeedback", promptFeedback);
        }
        return answer;
    }
}
