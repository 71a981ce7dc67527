package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.AnthropicApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import java.time.Duration;

/** Anthropic Chat Model (n8n {@code lmChatAnthropic}): supplies a Messages-API chat model to its root. */
public final class AnthropicChatModelNode implements SupplierNode {

    /** n8n 2.8's default of version 1.3 (an n8n export leaves the default out); earlier ones: {@link #defaultModel}. */
    static final String DEFAULT_MODEL = "claude-sonnet-4-5-20250929";

    /** n8n 2.8's default model of each version. */
    static String defaultModel(double version) {
        if (version < 1.1) {
            return "claude-2";
        }
        if (version < 1.2) {
            return "claude-3-sonnet-20240229";
        }
        return version < 1.3 ? "claude-3-5-sonnet-20240620" : DEFAULT_MODEL;
    }

    private static PropertySpec.Builder plainModel(double version) {
        return PropertySpec.string("model")
                .displayName("Model")
                .defaultValue(defaultModel(version))
                .required()
                .showWhen(PropertySpec.VERSION, version);
    }

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.lmChatAnthropic")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Anthropic Chat Model")
            .description("Claude chat model for AI chains and agents (Anthropic Messages API)")
            .group(NodeGroup.AI)
            .icon("anthropic")
            .alias(AiParams.N8N + "lmChatAnthropic")
            .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
            .credential(AnthropicApiCredential.TYPE, true)
            .property(plainModel(1))
            .property(plainModel(1.1))
            .property(plainModel(1.2))
            .property(PropertySpec.resourceLocator("model", "list", "id")
                    .displayName("Model")
                    .defaultValue(
                            Json.object().put("__rl", true).put("mode", "list").put("value", DEFAULT_MODEL))
                    .required()
                    .showWhen(PropertySpec.VERSION, 1.3))
            .property(ModelOptions.anthropic())
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, AnthropicApiCredential.TYPE);
        String base = AiParams.baseUrl(cred.path("url").asText(AnthropicApiCredential.DEFAULT_URL));
        if (base.isBlank()) {
            base = AnthropicApiCredential.DEFAULT_URL;
        }
        String modelName =
                AiParams.locator(ctx, "model", item, defaultModel(ctx.node().typeVersion()));
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        int retries = AiParams.intIn(ctx, "options.maxRetries", item, 2, 0, 10);
        var b = AnthropicChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout, retries, ModelOptions.MAX_RETRY_WAIT, AiParams.policy(ctx), ctx::canceled))
                .baseUrl(base.endsWith("/v1") ? base + "/" : base + "/v1/")
                .apiKey(cred.path("apiKey").asText())
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(0)
                .maxTokens(AiParams.intIn(ctx, "options.maxTokensToSample", item, 4096, 1, 1_000_000));
        Double temperature = AiParams.set(ctx, "options.temperature", item);
        if (temperature != null) {
            b.temperature(ModelOptions.range("options.temperature", temperature, 0, 1, item));
        }
        int topK = AiParams.intIn(ctx, "options.topK", item, -1, -1, 1_000_000);
        if (topK > 0) {
            b.topK(topK);
        }
        Double topP = AiParams.set(ctx, "options.topP", item);
        if (topP != null && topP < 1) {
            b.topP(ModelOptions.range("options.topP", topP, 0, 1, item));
        }
        var chat = b.build();
        // the same options through the model's request parameters; SSE messages with stream: true
        var alive = new java.util.concurrent.atomic.AtomicLong();
        var streamingModel = dev.langchain4j.model.anthropic.AnthropicStreamingChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout,
                        retries,
                        ModelOptions.MAX_RETRY_WAIT,
                        AiParams.policy(ctx),
                        ctx::canceled,
                        () -> alive.set(System.nanoTime())))
                .baseUrl(base.endsWith("/v1") ? base + "/" : base + "/v1/")
                .apiKey(cred.path("apiKey").asText())
                .timeout(timeout)
                .maxTokens(chat.defaultRequestParameters().maxOutputTokens())
                .defaultRequestParameters(chat.defaultRequestParameters())
                .build();
        return new LanguageModel(chat, streamingModel, timeout, alive, ctx, "Anthropic", modelName);
    }
}
