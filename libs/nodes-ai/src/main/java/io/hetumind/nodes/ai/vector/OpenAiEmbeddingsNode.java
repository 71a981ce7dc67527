package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.OpenAiApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.model.ProviderHttpClient;
import java.time.Duration;

/** Embeddings OpenAI (n8n {@code embeddingsOpenAi} 1–1.2): any OpenAI-compatible {@code /embeddings} endpoint. */
public final class OpenAiEmbeddingsNode implements SupplierNode {

    static final String DEFAULT_MODEL = "text-embedding-3-small";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.embeddingsOpenAi")
            .versions(1, 1.1, 1.2)
            .displayName("Embeddings OpenAI")
            .description("Turns text into vectors with OpenAI or any OpenAI-compatible endpoint")
            .group(NodeGroup.AI)
            .icon("openai")
            .alias(AiParams.N8N + "embeddingsOpenAi")
            .subNode(ConnectionTypes.AI_EMBEDDING)
            .credential(OpenAiApiCredential.TYPE, true)
            // n8n 2.8's defaults (an n8n export leaves the default out): version 1 text-embedding-ada-002
            .property(PropertySpec.string("model")
                    .displayName("Model")
                    .defaultValue("text-embedding-ada-002")
                    .description("The embedding model, e.g. text-embedding-3-small")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("model")
                    .displayName("Model")
                    .defaultValue(DEFAULT_MODEL)
                    .description("The embedding model, e.g. text-embedding-3-small")
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.options("dimensions")
                            .displayName("Dimensions")
                            .defaultValue(1536)
                            .option(256, "256")
                            .option(512, "512")
                            .option(1024, "1024")
                            .option(1536, "1536")
                            .option(3072, "3072"))
                    .child(PropertySpec.string("baseURL")
                            .displayName("Base URL")
                            .defaultValue(OpenAiApiCredential.DEFAULT_URL)
                            .description("Overrides the credential's base URL"))
                    .child(PropertySpec.number("batchSize")
                            .displayName("Batch Size")
                            .defaultValue(512)
                            .minValue(1)
                            .maxValue(2048))
                    .child(PropertySpec.bool("stripNewLines")
                            .displayName("Strip New Lines")
                            .defaultValue(true))
                    .child(PropertySpec.number("timeout")
                            .displayName("Timeout")
                            .defaultValue(60000)
                            .description("Maximum time a request may take, in milliseconds")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, OpenAiApiCredential.TYPE);
        String base =
                ctx.rawParam("options.baseURL") == null ? null : ctx.param("options.baseURL", item, String.class, null);
        if (base == null || base.isBlank()) {
            base = cred.path("url").asText(OpenAiApiCredential.DEFAULT_URL);
        }
        String model = AiParams.locator(ctx, "model", item, DEFAULT_MODEL);
        Duration timeout = AiParams.millis(ctx, "options.timeout", item, 60_000);
        var b = OpenAiEmbeddingModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder(
                        timeout, 2, Duration.ofSeconds(60), AiParams.policy(ctx), ctx::canceled))
                .baseUrl(AiParams.baseUrl(base))
                .apiKey(cred.path("apiKey").asText())
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0);
        if (ctx.rawParam("options.dimensions") != null) {
            b.dimensions(AiParams.intIn(ctx, "options.dimensions", item, 1536, 1, 16384));
        }
        int batch = AiParams.intIn(ctx, "options.batchSize", item, 512, 1, 2048);
        boolean strip = ctx.param("options.stripNewLines", item, Boolean.class, true);
        var embeddings = b.build();
        dev.langchain4j.model.embedding.EmbeddingModel wrapped = strip
                ? new dev.langchain4j.model.embedding.EmbeddingModel() {
                    @Override
                    public dev.langchain4j.model.output.Response<
                                    java.util.List<dev.langchain4j.data.embedding.Embedding>>
                            embedAll(java.util.List<dev.langchain4j.data.segment.TextSegment> segments) {
                        return embeddings.embedAll(segments.stream()
                                .map(s -> dev.langchain4j.data.segment.TextSegment.from(
                                        s.text().replace('\n', ' ')))
                                .toList());
                    }
                }
                : embeddings;
        return new Embedder(wrapped, ctx, model, batch);
    }
}
