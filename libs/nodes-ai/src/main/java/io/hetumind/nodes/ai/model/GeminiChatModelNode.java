package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.GooglePalmApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import java.time.Duration;
import java.util.List;

/**
 * Google Gemini Chat Model (n8n {@code lmChatGoogleGemini}): the Gemini API's generateContent, streamed with
 * streamGenerateContent when the root streams.
 */
public final class GeminiChatModelNode implements SupplierNode {

    static final String DEFAULT_MODEL = "models/gemini-2.5-flash";

    static final List<String> CATEGORIES = List.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT");

    static final List<String> THRESHOLDS = List.of(
            "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
            "BLOCK_LOW_AND_ABOVE",
            "BLOCK_MEDIUM_AND_ABOVE",
            "BLOCK_ONLY_HIGH",
            "BLOCK_NONE");

    private static final NodeDescriptor DESCRIPTOR;

    static {
        PropertySpec.Builder category =
                PropertySpec.options("category").displayName("Safety Category").defaultValue(CATEGORIES.getFirst());
        CATEGORIES.forEach(c -> category.option(c, c));
        PropertySpec.Builder threshold = PropertySpec.options("threshold")
                .displayName("Safety Threshold")
                .defaultValue(THRESHOLDS.getFirst());
        THRESHOLDS.forEach(t -> threshold.option(t, t));
        DESCRIPTOR = NodeDescriptor.builder("hetumind.lmChatGoogleGemini")
                .versions(1)
                .displayName("Google Gemini Chat Model")
                .description("Gemini chat model for AI chains and agents (Google AI Studio API)")
                .group(NodeGroup.AI)
                .icon("google")
                .alias(AiParams.N8N + "lmChatGoogleGemini")
                .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
                .credential(GooglePalmApiCredential.TYPE, true)
                .property(PropertySpec.string("modelName")
                        .displayName("Model")
                        .defaultValue(DEFAULT_MODEL)
                        .description("e.g. models/gemini-2.5-flash")
                        .required())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .defaultValue(Json.object())
                        .child(PropertySpec.number("maxOutputTokens")
                                .displayName("Maximum Number of Tokens")
                                .defaultValue(2048))
                        .child(PropertySpec.number("temperature")
                                .displayName("Sampling Temperature")
                                .defaultValue(0.4)
                                .minValue(0)
                                .maxValue(1))
                        .child(PropertySpec.number("topK")
                                .displayName("Top K")
                                .defaultValue(32)
                                .minValue(-1)
                                .maxValue(40)
                                .description("-1 leaves it to the model"))
                        .child(PropertySpec.number("topP")
                                .displayName("Top P")
                                .defaultValue(1)
                                .minValue(0)
                                .maxValue(1))
                        .child(PropertySpec.fixedCollection("safetySettings")
                                .displayName("Safety Settings")
                                .defaultValue(Json.object())
                                .child(PropertySpec.collection("values")
                                        .displayName("Values")
                                        .multipleValues()
                                        .child(category)
                                        .child(threshold)))
                        .child(ModelOptions.timeout())
                        .child(ModelOptions.retries()))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, GooglePalmApiCredential.TYPE);
        String host = AiParams.baseUrl(cred.path("host").asText(""));
        if (host.isBlank()) {
            host = GooglePalmApiCredential.DEFAULT_HOST;
        }
        String apiKey = cred.path("apiKey").asText("");
        if (apiKey.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': the googlePalmApi credential has no API key", item);
        }
        String modelName = AiParams.locator(ctx, "modelName", item, DEFAULT_MODEL);
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        int retries = AiParams.intIn(ctx, "options.maxRetries", item, 2, 0, 10);
        ObjectNode config = Json.object();
        if (ctx.rawParam("options.maxOutputTokens") != null) {
            config.put("maxOutputTokens", AiParams.intIn(ctx, "options.maxOutputTokens", item, 2048, 1, 10_000_000));
        }
        Double temperature = AiParams.set(ctx, "options.temperature", item);
        if (temperature != null) {
            config.put("temperature", ModelOptions.range("options.temperature", temperature, 0, 2, item));
        }
        if (ctx.rawParam("options.topK") != null) {
            int topK = AiParams.intIn(ctx, "options.topK", item, 32, -1, 1_000);
            if (topK > 0) {
                config.put("topK", topK);
            }
        }
        Double topP = AiParams.set(ctx, "options.topP", item);
        if (topP != null) {
            config.put("topP", ModelOptions.range("options.topP", topP, 0, 1, item));
        }
        var alive = new java.util.concurrent.atomic.AtomicLong();
        var http = ProviderHttpClient.builder(
                        timeout,
                        retries,
                        ModelOptions.MAX_RETRY_WAIT,
                        AiParams.policy(ctx),
                        ctx::canceled,
                        () -> alive.set(System.nanoTime()))
                .build();
        GeminiChat model = new GeminiChat(http, host, apiKey, modelName, config, safety(ctx, item));
        return new LanguageModel(model, model.streaming(), timeout, alive, ctx, "Google Gemini", modelName);
    }

    private static ArrayNode safety(NodeParameters ctx, int item) {
        ArrayNode out = Json.array();
        JsonNode values =
                ctx.rawParam("options.safetySettings") == null ? null : ctx.paramTree("options.safetySettings", item);
        values = values == null ? null : values.get("values");
        if (values == null || values.isNull()) {
            return out;
        }
        for (JsonNode v : values.isArray() ? values : Json.array().add(values)) {
            String category = v.path("category").asText("");
            String threshold = v.path("threshold").asText("");
            if (!CATEGORIES.contains(category)) {
                throw NodeException.user(
                        "parameter 'options.safetySettings': unknown category '" + category + "' (" + CATEGORIES + ")",
                        item);
            }
            if (!THRESHOLDS.contains(threshold)) {
                throw NodeException.user(
                        "parameter 'options.safetySettings': unknown threshold '" + threshold + "' (" + THRESHOLDS
                                + ")",
                        item);
            }
            out.addObject().put("category", category).put("threshold", threshold);
        }
        return out;
    }
}
