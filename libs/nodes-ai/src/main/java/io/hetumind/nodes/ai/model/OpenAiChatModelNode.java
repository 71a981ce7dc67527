package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.OpenAiApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import java.time.Duration;

/**
 * OpenAI Chat Model (n8n {@code lmChatOpenAi} 1–1.3; chat completions, and in 1.3 by default the Responses API, see
 * {@link OpenAiResponses}): supplies a chat model to
 * its root. The credential's base URL points it at any OpenAI-compatible endpoint (v1: the
 * {@code baseURL} option). 429 and 5xx answers are retried {@code maxRetries} times honouring
 * {@code Retry-After}.
 */
public final class OpenAiChatModelNode implements SupplierNode {

    /** n8n 2.8's default in every version (an n8n export leaves the default out). */
    static final String DEFAULT_MODEL = "gpt-5-mini";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.lmChatOpenAi")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("OpenAI Chat Model")
            .description("Chat model for AI chains and agents: OpenAI or any OpenAI-compatible endpoint")
            .group(NodeGroup.AI)
            .icon("openai")
            .alias(AiParams.N8N + "lmChatOpenAi")
            .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
            .credential(OpenAiApiCredential.TYPE, true)
            .property(PropertySpec.string("model")
                    .displayName("Model")
                    .defaultValue(DEFAULT_MODEL)
                    .required()
                    .showWhen(PropertySpec.VERSION, 1, 1.1))
            .property(PropertySpec.resourceLocator("model", "list", "id")
                    .displayName("Model")
                    .defaultValue(io.hetumind.core.spi.Json.object()
                            .put("__rl", true)
                            .put("mode", "list")
                            .put("value", DEFAULT_MODEL))
                    .required()
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.bool("responsesApiEnabled")
                    .displayName("Use Responses API")
                    .defaultValue(true)
                    .description("Whether to use the Responses API (POST /responses) instead of chat completions")
                    .showWhen(PropertySpec.VERSION, 1.3))
            .property(OpenAiResponses.builtInTools())
            .property(withResponsesOptions(ModelOptions.openAi()))
            .build();

    private static PropertySpec withResponsesOptions(PropertySpec.Builder options) {
        OpenAiResponses.options().forEach(options::child);
        return options.build();
    }

    /** Responses-mode options LangChain4j cannot send (1.3). */
    @Override
    public java.util.List<String> unsupported(io.hetumind.core.model.Node node) {
        return OpenAiResponses.unsupported(node);
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, OpenAiApiCredential.TYPE);
        String base = cred.path("url").asText("");
        if (ctx.node().typeVersion() < 1.1 && ctx.rawParam("options.baseURL") != null) {
            base = ctx.param("options.baseURL", item, String.class, base);
        }
        if (base.isBlank()) {
            base = OpenAiApiCredential.DEFAULT_URL;
        }
        String modelName = AiParams.locator(ctx, "model", item, DEFAULT_MODEL);
        String org = cred.path("organizationId").asText("");
        if (ctx.node().typeVersion() >= 1.3 && ctx.param("responsesApiEnabled", item, Boolean.class, true)) {
            return OpenAiResponses.build(ctx, item, base, cred.path("apiKey").asText(), org, modelName);
        }
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        int retries = AiParams.intIn(ctx, "options.maxRetries", item, 2, 0, 10);
        var b = OpenAiChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout, retries, ModelOptions.MAX_RETRY_WAIT, AiParams.policy(ctx), ctx::canceled))
                .baseUrl(AiParams.baseUrl(base))
                .apiKey(cred.path("apiKey").asText())
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(0);
        if (!org.isBlank()) {
            b.organizationId(org);
        }
        Double temperature = AiParams.set(ctx, "options.temperature", item);
        if (temperature != null) {
            b.temperature(ModelOptions.range("options.temperature", temperature, 0, 2, item));
        }
        Double topP = AiParams.set(ctx, "options.topP", item);
        if (topP != null) {
            b.topP(ModelOptions.range("options.topP", topP, 0, 1, item));
        }
        Double fp = AiParams.set(ctx, "options.frequencyPenalty", item);
        if (fp != null) {
            b.frequencyPenalty(ModelOptions.range("options.frequencyPenalty", fp, -2, 2, item));
        }
        Double pp = AiParams.set(ctx, "options.presencePenalty", item);
        if (pp != null) {
            b.presencePenalty(ModelOptions.range("options.presencePenalty", pp, -2, 2, item));
        }
        int maxTokens = AiParams.intIn(ctx, "options.maxTokens", item, -1, -1, 1_000_000);
        if (maxTokens > 0) {
            b.maxTokens(maxTokens);
        }
        String format = ctx.param("options.responseFormat", item, String.class, "text");
        switch (format) {
            case "text" -> {}
            case "json_object" -> b.responseFormat("json_object");
            default ->
                throw io.hetumind.core.spi.NodeException.user(
                        "parameter 'options.responseFormat': must be text or json_object, got '" + format + "'", item);
        }
        if (ctx.rawParam("options.reasoningEffort") != null) {
            b.reasoningEffort(ctx.param("options.reasoningEffort", item, String.class, "medium"));
        }
        var chat = b.build();
        // the same options through the model's request parameters; SSE with stream: true (tool calls streamed too)
        var alive = new java.util.concurrent.atomic.AtomicLong();
        var streamingModel = dev.langchain4j.model.openai.OpenAiStreamingChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout,
                        retries,
                        ModelOptions.MAX_RETRY_WAIT,
                        AiParams.policy(ctx),
                        ctx::canceled,
                        () -> alive.set(System.nanoTime())))
                .baseUrl(AiParams.baseUrl(base))
                .apiKey(cred.path("apiKey").asText())
                .organizationId(org.isBlank() ? null : org)
                .timeout(timeout)
                .defaultRequestParameters(chat.defaultRequestParameters())
                .build();
        return new LanguageModel(chat, streamingModel, timeout, alive, ctx, "OpenAI", modelName);
    }
}
