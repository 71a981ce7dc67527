package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.tool.AgentTool;
import io.hetumind.nodes.ai.tool.ToolSchemas;
import java.util.ArrayList;
import java.util.List;

/**
 * What a vector store node supplies to the root it is attached to, whichever store it is: the store itself in mode
 * {@code retrieve} ({@code ai_vectorStore}) or, in mode {@code retrieve-as-tool} ({@code ai_tool}), a tool that
 * searches it with the model's input and answers n8n's {@code [{pageContent, metadata}]} JSON. A search that fails
 * is told to the model as "There was an error: …", as n8n's tools do.
 */
final class VectorSupply {

    /** One store's search for the root's item {@code itemIndex}. */
    interface Search {
        List<MemoryVectorStore.Match> search(NodeContext ctx, int itemIndex, String query, int topK);
    }

    private VectorSupply() {}

    static Object supply(NodeContext ctx, String connectionType, int item, String mode, Search search) {
        if (ConnectionTypes.AI_VECTOR_STORE.equals(connectionType)) {
            if (!"retrieve".equals(mode)) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "' supplies a vector store only in mode 'retrieve' (it is '" + mode
                                + "')",
                        item);
            }
            Reranker reranker = reranker(ctx, item);
            return (VectorStore) (query, topK, itemIndex) -> {
                List<MemoryVectorStore.Match> found = recorded(ctx, search, query, topK, itemIndex);
                // n8n's retriever over a reranking store (LangChain's ContextualCompressionRetriever): the store's
                // topK, then the reranker's; the documents keep metadata.relevanceScore
                return reranker == null || found.isEmpty() ? found : reranker.rerank(query, docs(found), itemIndex);
            };
        }
        if (!"retrieve-as-tool".equals(mode)) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "' supplies a tool only in mode 'retrieve-as-tool' (it is '" + mode
                            + "')",
                    item);
        }
        String name = ctx.node().typeVersion() < 1.3 ? ctx.param("toolName", item, String.class, "") : "";
        name = AgentTool.toolName(name == null || name.isBlank() ? ctx.node().name() : name);
        String description = ctx.param("toolDescription", item, String.class, "");
        if (description == null || description.isBlank()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the tool needs a description the model can read", item);
        }
        int topK = AiParams.intIn(ctx, "topK", item, 4, 1, 10_000);
        boolean metadata = ctx.param("includeDocumentMetadata", item, Boolean.class, true);
        Reranker reranker = reranker(ctx, item);
        ToolSpecification spec = ToolSchemas.singleInput(name, description);
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson, int itemIndex) {
                String query;
                try {
                    var args = Json.reader().readTree(argumentsJson);
                    query = args.path("input").isTextual() ? args.get("input").asText() : args.toString();
                } catch (Exception e) {
                    return "There was an error: \"the tool input is not JSON\"";
                }
                ArrayNode found = Json.array();
                try {
                    for (var m : reranked(reranker, query, search.search(ctx, itemIndex, query, topK), itemIndex)) {
                        ObjectNode doc =
                                found.addObject().put("pageContent", m.doc().pageContent());
                        if (metadata) {
                            doc.set("metadata", m.doc().metadata());
                        }
                    }
                } catch (NodeException e) {
                    return "There was an error: \"" + e.getMessage().replace("\"", "'") + "\"";
                }
                return found.toString();
            }
        };
    }

    /**
     * A search of the store as its root asked for it, recorded as a run of the store as n8n's {@code logWrapper}
     * records {@code similaritySearch}: {@code {query, k, filter}} in, {@code {response: [documents]}} out.
     */
    private static List<MemoryVectorStore.Match> recorded(
            NodeContext ctx, Search search, String query, int topK, int itemIndex) {
        ObjectNode in = Json.object().put("query", query).put("k", topK).putNull("filter");
        return io.hetumind.nodes.ai.internal.Recorded.call(
                ctx,
                ConnectionTypes.AI_VECTOR_STORE,
                Item.of(in),
                () -> search.search(ctx, itemIndex, query, topK),
                found -> {
                    ObjectNode out = Json.object();
                    ArrayNode docs = out.putArray("response");
                    found.forEach(m -> docs.add(m.doc().toJson()));
                    return out;
                });
    }

    /**
     * Mode {@code load} run on its own, for either store: per item, the top {@code topK} matches of its {@code prompt}
     * as n8n's {@code {document: {pageContent, metadata?}, score}} items, each paired with the item it answers.
     */
    static NodeResult load(NodeContext ctx, Search search) {
        List<Item> out = new ArrayList<>();
        for (int item = 0; item < ctx.items().size(); item++) {
            String prompt = ctx.param("prompt", item, String.class, "");
            if (prompt == null || prompt.isBlank()) {
                throw NodeException.user("the prompt to search for is empty", item);
            }
            boolean metadata = ctx.param("includeDocumentMetadata", item, Boolean.class, true);
            int topK = AiParams.intIn(ctx, "topK", item, 4, 1, 10_000);
            Reranker reranker = reranker(ctx, item);
            for (var m : reranked(reranker, prompt, search.search(ctx, item, prompt, topK), item)) {
                ObjectNode doc = Json.object().put("pageContent", m.doc().pageContent());
                if (metadata) {
                    doc.set("metadata", m.doc().metadata());
                }
                ObjectNode json = Json.object();
                json.set("document", doc);
                json.put("score", m.score());
                out.add(PerItem.paired(Item.of(json), item));
            }
        }
        return NodeResult.of(out);
    }

    /**
     * The reranker attached to the store when {@code useReranker} is on (n8n's "Rerank Results", in modes load,
     * retrieve and retrieve-as-tool), else null.
     */
    private static Reranker reranker(NodeContext ctx, int item) {
        if (!ctx.param("useReranker", item, Boolean.class, false)) {
            return null;
        }
        return ctx.attachedOne(ConnectionTypes.AI_RERANKER, item, Reranker.class, "a reranker")
                .value();
    }

    /**
     * What {@code load} and the tool answer with a reranker, as n8n's operations do: the store's {@code topK} matches
     * reranked (the reranker keeps its {@code topN}), each scored by its relevance, which leaves the metadata.
     */
    private static List<MemoryVectorStore.Match> reranked(
            Reranker reranker, String query, List<MemoryVectorStore.Match> found, int item) {
        if (reranker == null || found.isEmpty()) {
            return found;
        }
        List<MemoryVectorStore.Match> out = new ArrayList<>();
        for (var m : reranker.rerank(query, docs(found), item)) {
            ObjectNode metadata = m.doc().metadata() == null
                    ? Json.object()
                    : m.doc().metadata().deepCopy();
            metadata.remove("relevanceScore");
            out.add(new MemoryVectorStore.Match(new Doc(m.doc().pageContent(), metadata), m.score()));
        }
        return out;
    }

    private static List<Doc> docs(List<MemoryVectorStore.Match> found) {
        return found.stream().map(MemoryVectorStore.Match::doc).toList();
    }

    /** A store node run on its own in a mode that only supplies a root (retrieve, retrieve-as-tool). */
    static NodeException subNodeOnly(NodeParameters ctx, String mode) {
        return NodeException.user("'" + ctx.node().name() + "' in mode '" + mode
                + "' is a sub-node: attach it to a retriever or an agent instead of running it");
    }
}
