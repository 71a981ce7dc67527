package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.credentials.CohereApiCredential;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.Recorded;
import io.hetumind.nodes.ai.model.ProviderErrors;
import io.hetumind.nodes.ai.model.ProviderHttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reranker Cohere (n8n {@code rerankerCohere} 1, LangChain's {@code CohereRerank}): reorders the documents a vector
 * store found by their relevance to the query with Cohere's rerank API ({@code POST /v2/rerank}: {@code model, query,
 * documents, top_n} → {@code results: [{index, relevance_score}]}) and keeps the {@code topN} most relevant. Each call
 * is a run of the reranker in run data, as n8n's {@code logWrapper} records {@code compressDocuments}.
 */
public final class RerankerCohereNode implements SupplierNode {

    static final String DEFAULT_MODEL = "rerank-v3.5";
    private static final Duration TIMEOUT = Duration.ofSeconds(300); // the Cohere client's default

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.rerankerCohere")
            .versions(1)
            .displayName("Reranker Cohere")
            .description("Use Cohere Reranker to reorder documents after retrieval from a vector store by relevance to"
                    + " the given query.")
            .group(NodeGroup.AI)
            .icon("cohere")
            .alias(AiParams.N8N + "rerankerCohere")
            .subNode(ConnectionTypes.AI_RERANKER)
            .credential(CohereApiCredential.TYPE, true)
            .property(PropertySpec.options("modelName")
                    .displayName("Model")
                    .description("The model that should be used to rerank the documents")
                    .defaultValue(DEFAULT_MODEL)
                    .option("rerank-v3.5", "rerank-v3.5")
                    .option("rerank-english-v3.0", "rerank-english-v3.0")
                    .option("rerank-multilingual-v3.0", "rerank-multilingual-v3.0"))
            .property(PropertySpec.number("topN")
                    .displayName("Top N")
                    .description("The maximum number of documents to return after reranking")
                    .defaultValue(3)
                    .minValue(1))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, CohereApiCredential.TYPE);
        String apiKey = cred.path("apiKey").asText("");
        if (apiKey.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': the Cohere credential has no API key", item);
        }
        String url = AiParams.baseUrl(cred.path("url").asText(CohereApiCredential.DEFAULT_URL)) + "/v2/rerank";
        String model = ctx.param("modelName", item, String.class, DEFAULT_MODEL);
        if (model == null || model.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': parameter 'modelName' is empty", item);
        }
        int topN = AiParams.intIn(ctx, "topN", item, 3, 1, 10_000);
        var http = ProviderHttpClient.builder(TIMEOUT, 2, Duration.ofSeconds(60), AiParams.policy(ctx), ctx::canceled)
                .build();
        String who = "'" + ctx.node().name() + "' (Cohere)";
        return (Reranker) (query, documents, itemIndex) -> {
            ObjectNode in = Json.object().put("query", query);
            ArrayNode docs = in.putArray("documents");
            documents.forEach(d -> docs.add(d.toJson()));
            return Recorded.call(
                    ctx,
                    ConnectionTypes.AI_RERANKER,
                    Item.of(in),
                    () -> {
                        if (documents.isEmpty()) {
                            return List.of();
                        }
                        ObjectNode body = Json.object().put("model", model).put("query", query);
                        ArrayNode texts = body.putArray("documents");
                        documents.forEach(d -> texts.add(d.pageContent()));
                        body.put("top_n", topN);
                        String answer;
                        try {
                            answer = http.execute(HttpRequest.builder()
                                            .method(HttpMethod.POST)
                                            .url(url)
                                            .addHeader("Authorization", "Bearer " + apiKey)
                                            .addHeader("Content-Type", "application/json")
                                            .addHeader("Accept", "application/json")
                                            .body(body.toString())
                                            .build())
                                    .body();
                        } catch (RuntimeException e) {
                            throw ProviderErrors.of(who, e, itemIndex);
                        }
                        return ranked(who, answer, documents, itemIndex);
                    },
                    found -> {
                        ObjectNode out = Json.object();
                        ArrayNode response = out.putArray("response");
                        found.forEach(m -> response.add(m.doc().toJson()));
                        return out;
                    });
        };
    }

    /**
     * The documents in the order of Cohere's {@code results}, each with {@code metadata.relevanceScore} as LangChain's
     * {@code CohereRerank} sets it; an answer without a result list or naming a document that was not sent is
     * unreadable.
     */
    static List<MemoryVectorStore.Match> ranked(String who, String answer, List<Doc> documents, int itemIndex) {
        JsonNode results;
        try {
            results = Json.reader().readTree(answer).path("results");
        } catch (Exception e) {
            throw unreadable(who, "not JSON", itemIndex);
        }
        if (!results.isArray()) {
            throw unreadable(who, "no 'results' list", itemIndex);
        }
        List<MemoryVectorStore.Match> out = new ArrayList<>(results.size());
        for (JsonNode r : results) {
            JsonNode index = r.path("index");
            JsonNode score = r.path("relevance_score");
            if (!index.canConvertToInt()
                    || index.asInt() < 0
                    || index.asInt() >= documents.size()
                    || !score.isNumber()) {
                throw unreadable(who, "a result names no document that was sent: " + r, itemIndex);
            }
            Doc doc = documents.get(index.asInt());
            ObjectNode metadata =
                    doc.metadata() == null ? Json.object() : doc.metadata().deepCopy();
            metadata.put("relevanceScore", score.asDouble());
            out.add(new MemoryVectorStore.Match(new Doc(doc.pageContent(), metadata), score.asDouble()));
        }
        return out;
    }

    private static NodeException unreadable(String who, String why, int itemIndex) {
        return new NodeException(
                ErrorKind.OPERATIONAL, who + " gave an answer that could not be read: " + why, itemIndex, null, null);
    }
}
