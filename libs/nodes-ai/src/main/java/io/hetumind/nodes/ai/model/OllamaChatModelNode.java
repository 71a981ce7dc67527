package io.hetumind.nodes.ai.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.OllamaApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import java.time.Duration;

/** Ollama Chat Model (n8n {@code lmChatOllama}): a local or remote Ollama server over its native {@code /api/chat}. */
public final class OllamaChatModelNode implements SupplierNode {

    static final String DEFAULT_MODEL = "llama3.2";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.lmChatOllama")
            .versions(1)
            .displayName("Ollama Chat Model")
            .description("Chat model served by Ollama for AI chains and agents")
            .group(NodeGroup.AI)
            .icon("ollama")
            .alias(AiParams.N8N + "lmChatOllama")
            .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
            .credential(OllamaApiCredential.TYPE, true)
            .property(PropertySpec.string("model")
                    .displayName("Model")
                    .defaultValue(DEFAULT_MODEL)
                    .description("A model the server has pulled, e.g. llama3.2 or qwen2.5:7b")
                    .required())
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.number("temperature")
                            .displayName("Sampling Temperature")
                            .defaultValue(0.7)
                            .minValue(0)
                            .maxValue(1))
                    .child(PropertySpec.number("topK")
                            .displayName("Top K")
                            .defaultValue(-1)
                            .minValue(-1)
                            .maxValue(100)
                            .description("-1 leaves it to the model"))
                    .child(PropertySpec.number("topP")
                            .displayName("Top P")
                            .defaultValue(1)
                            .minValue(0)
                            .maxValue(1))
                    .child(PropertySpec.number("frequencyPenalty")
                            .displayName("Frequency Penalty")
                            .defaultValue(0)
                            .minValue(0))
                    .child(PropertySpec.string("keepAlive")
                            .displayName("Keep Alive")
                            .defaultValue("5m")
                            .description("How long the server keeps the model loaded after the call, e.g. 1h30m"))
                    .child(PropertySpec.bool("lowVram")
                            .displayName("Low VRAM Mode")
                            .defaultValue(false))
                    .child(PropertySpec.number("mainGpu")
                            .displayName("Main GPU ID")
                            .defaultValue(0))
                    .child(PropertySpec.number("numBatch")
                            .displayName("Context Batch Size")
                            .defaultValue(512))
                    .child(PropertySpec.number("numCtx")
                            .displayName("Context Length")
                            .defaultValue(2048))
                    .child(PropertySpec.number("numGpu")
                            .displayName("Number of GPUs")
                            .defaultValue(-1)
                            .description("-1 detects them"))
                    .child(PropertySpec.number("numPredict")
                            .displayName("Max Tokens to Generate")
                            .defaultValue(-1)
                            .description("-1 for no limit"))
                    .child(PropertySpec.number("numThread")
                            .displayName("Number of CPU Threads")
                            .defaultValue(0)
                            .description("0 detects them"))
                    .child(PropertySpec.bool("penalizeNewline")
                            .displayName("Penalize Newlines")
                            .defaultValue(true))
                    .child(PropertySpec.number("presencePenalty")
                            .displayName("Presence Penalty")
                            .defaultValue(0))
                    .child(PropertySpec.number("repeatPenalty")
                            .displayName("Repetition Penalty")
                            .defaultValue(1))
                    .child(PropertySpec.bool("useMLock")
                            .displayName("Use Memory Locking")
                            .defaultValue(false))
                    .child(PropertySpec.bool("useMMap")
                            .displayName("Use Memory Mapping")
                            .defaultValue(true))
                    .child(PropertySpec.bool("vocabOnly")
                            .displayName("Load Vocabulary Only")
                            .defaultValue(false))
                    .child(PropertySpec.options("format")
                            .displayName("Output Format")
                            .defaultValue("default")
                            .option("default", "Default")
                            .option("json", "JSON"))
                    .child(ModelOptions.timeout())
                    .child(ModelOptions.retries()))
            .build();

    /** n8n's option name → Ollama's runtime option, sent only when set. */
    private static final String[][] NUMBERS = {
        {"temperature", "temperature"},
        {"topP", "top_p"},
        {"frequencyPenalty", "frequency_penalty"},
        {"presencePenalty", "presence_penalty"},
        {"repeatPenalty", "repeat_penalty"},
    };

    private static final String[][] INTEGERS = {
        {"topK", "top_k"},
        {"mainGpu", "main_gpu"},
        {"numBatch", "num_batch"},
        {"numCtx", "num_ctx"},
        {"numGpu", "num_gpu"},
        {"numPredict", "num_predict"},
        {"numThread", "num_thread"},
    };

    private static final String[][] BOOLEANS = {
        {"lowVram", "low_vram"},
        {"penalizeNewline", "penalize_newline"},
        {"useMLock", "use_mlock"},
        {"useMMap", "use_mmap"},
        {"vocabOnly", "vocab_only"},
    };

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, OllamaApiCredential.TYPE);
        String base = AiParams.baseUrl(cred.path("baseUrl").asText(""));
        if (base.isBlank()) {
            base = OllamaApiCredential.DEFAULT_URL;
        }
        String modelName = AiParams.locator(ctx, "model", item, DEFAULT_MODEL);
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        int retries = AiParams.intIn(ctx, "options.maxRetries", item, 2, 0, 10);
        ObjectNode options = Json.object();
        for (String[] o : NUMBERS) {
            Double v = AiParams.set(ctx, "options." + o[0], item);
            if (v != null) {
                if (v.isNaN() || v.isInfinite()) {
                    throw NodeException.user("parameter 'options." + o[0] + "': must be a number", item);
                }
                options.put(o[1], v);
            }
        }
        if (options.has("temperature")) {
            ModelOptions.range("options.temperature", options.get("temperature").asDouble(), 0, 2, item);
        }
        if (options.has("top_p")) {
            ModelOptions.range("options.topP", options.get("top_p").asDouble(), 0, 1, item);
        }
        for (String[] o : INTEGERS) {
            if (ctx.rawParam("options." + o[0]) != null) {
                int v = AiParams.intIn(ctx, "options." + o[0], item, 0, -1, Integer.MAX_VALUE);
                if (!(o[0].equals("topK") && v <= 0)) { // top K -1 (or 0): the model's own
                    options.put(o[1], v);
                }
            }
        }
        for (String[] o : BOOLEANS) {
            if (ctx.rawParam("options." + o[0]) != null) {
                options.put(o[1], ctx.param("options." + o[0], item, Boolean.class, false));
            }
        }
        String keepAlive = ctx.rawParam("options.keepAlive") == null
                ? null
                : ctx.param("options.keepAlive", item, String.class, "5m").trim();
        String format = ctx.param("options.format", item, String.class, "default");
        if (!format.equals("default") && !format.equals("json")) {
            throw NodeException.user("parameter 'options.format': must be default or json, got '" + format + "'", item);
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
        OllamaChat model = new OllamaChat(
                http,
                base,
                cred.path("apiKey").asText(""),
                modelName,
                options,
                keepAlive == null || keepAlive.isEmpty() ? null : keepAlive,
                format.equals("json") ? "json" : null);
        return new LanguageModel(model, model.streaming(), timeout, alive, ctx, "Ollama", modelName);
    }
}
