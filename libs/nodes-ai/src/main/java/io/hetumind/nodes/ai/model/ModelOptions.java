package io.hetumind.nodes.ai.model;

import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.PropertySpec;
import java.time.Duration;

/** The option collections of the chat-model nodes, as n8n names them. */
final class ModelOptions {

    /** The longest wait between retries, whatever a provider's Retry-After says. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(60);

    private ModelOptions() {}

    static PropertySpec.Builder openAi() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .defaultValue(io.hetumind.core.spi.Json.object())
                .child(PropertySpec.string("baseURL")
                        .displayName("Base URL")
                        .defaultValue("https://api.openai.com/v1")
                        .description("Override the default base URL for the API (later versions: the credential's URL)")
                        .showWhen(PropertySpec.VERSION, 1))
                .child(PropertySpec.number("frequencyPenalty")
                        .displayName("Frequency Penalty")
                        .defaultValue(0)
                        .minValue(-2)
                        .maxValue(2))
                .child(PropertySpec.number("maxTokens")
                        .displayName("Maximum Number of Tokens")
                        .defaultValue(-1)
                        .description("The most tokens to generate; -1 leaves it to the model"))
                .child(PropertySpec.options("responseFormat")
                        .displayName("Response Format")
                        .defaultValue("text")
                        .option("text", "Text")
                        .option("json_object", "JSON"))
                .child(PropertySpec.number("presencePenalty")
                        .displayName("Presence Penalty")
                        .defaultValue(0)
                        .minValue(-2)
                        .maxValue(2))
                .child(PropertySpec.number("temperature")
                        .displayName("Sampling Temperature")
                        .defaultValue(0.7)
                        .minValue(0)
                        .maxValue(2))
                .child(PropertySpec.options("reasoningEffort")
                        .displayName("Reasoning Effort")
                        .defaultValue("medium")
                        .option("low", "Low")
                        .option("medium", "Medium")
                        .option("high", "High")
                        .description("For reasoning models (o1, o3…, gpt-5…): how much the model thinks first"))
                .child(timeout())
                .child(retries())
                .child(PropertySpec.number("topP")
                        .displayName("Top P")
                        .defaultValue(1)
                        .minValue(0)
                        .maxValue(1));
    }

    static PropertySpec.Builder anthropic() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .defaultValue(io.hetumind.core.spi.Json.object())
                .child(PropertySpec.number("maxTokensToSample")
                        .displayName("Maximum Number of Tokens")
                        .defaultValue(4096))
                .child(PropertySpec.number("temperature")
                        .displayName("Sampling Temperature")
                        .defaultValue(0.7)
                        .minValue(0)
                        .maxValue(1))
                .child(PropertySpec.number("topK").displayName("Top K").defaultValue(-1))
                .child(PropertySpec.number("topP")
                        .displayName("Top P")
                        .defaultValue(1)
                        .minValue(0)
                        .maxValue(1))
                .child(timeout())
                .child(retries());
    }

    static PropertySpec.Builder timeout() {
        return PropertySpec.number("timeout")
                .displayName("Timeout")
                .defaultValue(60000)
                .description("Maximum time a request may take, in milliseconds");
    }

    static PropertySpec.Builder retries() {
        return PropertySpec.number("maxRetries")
                .displayName("Max Retries")
                .defaultValue(2)
                .description("Retries of a rate-limited (429) or failed (5xx) call; Retry-After is honoured");
    }

    static double range(String path, double v, double min, double max, int item) {
        if (Double.isNaN(v) || v < min || v > max) {
            throw NodeException.user(
                    "parameter '" + path + "': must be from " + min + " to " + max + ", got " + v, item);
        }
        return v;
    }
}
