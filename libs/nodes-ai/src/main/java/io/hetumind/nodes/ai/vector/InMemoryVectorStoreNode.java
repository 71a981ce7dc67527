package io.hetumind.nodes.ai.vector;

import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simple Vector Store (n8n {@code vectorStoreInMemory} 1–1.3), kept in this process per workflow
 * and {@code memoryKey}. Modes: {@code insert} (a regular node: each input item through the
 * attached document loader, embedded and stored; outputs the stored chunks), {@code load} (a
 * regular node: the {@code topK} chunks nearest {@code prompt}), {@code retrieve} (a sub-node
 * supplying the store to a retriever) and {@code retrieve-as-tool} (a sub-node supplying a search
 * tool to an agent).
 */
public final class InMemoryVectorStoreNode implements SupplierNode {

    private static final Map<String, List<com.fasterxml.jackson.databind.JsonNode>> MAIN_MODES =
            Map.of("mode", List.of(Json.F.textNode("insert"), Json.F.textNode("load")));

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.vectorStoreInMemory")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Simple Vector Store")
            .description("Store and search documents by meaning, in memory (lost on restart)")
            .group(NodeGroup.AI)
            .icon("database")
            .alias(AiParams.N8N + "vectorStoreInMemory")
            .inputs()
            .outputs()
            .inputRule(
                    new PortRule.When(List.of(new PortRule.When.Case(MAIN_MODES, PortRule.fixed(PortSpec.MAIN))), null))
            .outputRule(
                    new PortRule.When(List.of(new PortRule.When.Case(MAIN_MODES, PortRule.fixed(PortSpec.MAIN))), null))
            .errorOutput(false)
            .supplies(ConnectionTypes.AI_VECTOR_STORE, ConnectionTypes.AI_TOOL)
            .subInput(SubPort.required(ConnectionTypes.AI_EMBEDDING, "Embedding"))
            .subInput(SubPort.required(ConnectionTypes.AI_DOCUMENT, "Document").showWhen("mode", "insert"))
            .subInput(SubPort.required(ConnectionTypes.AI_RERANKER, "Reranker")
                    .showWhen("mode", "load", "retrieve", "retrieve-as-tool")
                    .showWhen("useReranker", true))
            .property(PropertySpec.options("mode")
                    .displayName("Operation Mode")
                    .defaultValue("retrieve")
                    .option("load", "Get Many", "Get many ranked documents from the vector store for a query")
                    .option("insert", "Insert Documents", "Insert documents into the vector store")
                    .option(
                            "retrieve",
                            "Retrieve Documents (As Vector Store for Chain/Tool)",
                            "Retrieve documents from the vector store to be used as a vector store with AI nodes")
                    .option(
                            "retrieve-as-tool",
                            "Retrieve Documents (As Tool for AI Agent)",
                            "Retrieve documents from the vector store to be used as a tool with AI nodes")
                    .noExpression())
            .property(PropertySpec.string("memoryKey")
                    .displayName("Memory Key")
                    .defaultValue("vector_store_key")
                    .description("The store's key; it is prefixed with the workflow ID"))
            .property(PropertySpec.string("toolName")
                    .displayName("Name")
                    .defaultValue("")
                    .required()
                    .showWhen("mode", "retrieve-as-tool")
                    .showWhen(PropertySpec.VERSION, 1.1, 1.2))
            .property(PropertySpec.string("toolDescription")
                    .displayName("Description")
                    .defaultValue("")
                    .required()
                    .rows(2)
                    .showWhen("mode", "retrieve-as-tool"))
            .property(PropertySpec.string("prompt")
                    .displayName("Prompt")
                    .defaultValue("")
                    .required()
                    .showWhen("mode", "load"))
            .property(PropertySpec.number("topK")
                    .displayName("Limit")
                    .defaultValue(4)
                    .minValue(1)
                    .showWhen("mode", "load", "retrieve-as-tool"))
            .property(PropertySpec.bool("includeDocumentMetadata")
                    .displayName("Include Metadata")
                    .defaultValue(true)
                    .showWhen("mode", "load", "retrieve-as-tool"))
            .property(PropertySpec.bool("useReranker")
                    .displayName("Rerank Results")
                    .defaultValue(false)
                    .description("Whether or not to rerank results")
                    .showWhen("mode", "load", "retrieve", "retrieve-as-tool"))
            .property(PropertySpec.bool("clearStore")
                    .displayName("Clear Store")
                    .defaultValue(false)
                    .description("Whether to clear the store before inserting new data")
                    .showWhen("mode", "insert"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    private static MemoryVectorStore store(NodeContext ctx, int item) {
        String key = ctx.param("memoryKey", item, String.class, "vector_store_key");
        if (key == null || key.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': the memory key is empty", item);
        }
        try {
            return MemoryVectorStore.get(ctx.workflowId() + "__" + key);
        } catch (IllegalStateException e) {
            throw NodeException.user("'" + ctx.node().name() + "': " + e.getMessage(), item);
        }
    }

    private static String mode(NodeParameters ctx) {
        return ctx.param("mode", 0, String.class, "retrieve");
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String mode = mode(ctx);
        return switch (mode) {
            case "insert" -> insert(ctx);
            case "load" -> VectorSupply.load(ctx, InMemoryVectorStoreNode::search);
            default -> throw VectorSupply.subNodeOnly(ctx, mode);
        };
    }

    private NodeResult insert(NodeContext ctx) {
        List<Item> out = new ArrayList<>();
        for (int item = 0; item < ctx.items().size(); item++) {
            MemoryVectorStore store = store(ctx, item);
            if (item == 0 && ctx.param("clearStore", 0, Boolean.class, false)) {
                try {
                    store.clear();
                } catch (java.io.UncheckedIOException e) {
                    throw NodeException.operational("'" + ctx.node().name() + "': " + e.getMessage(), e);
                }
            }
            DocumentLoader loader = ctx.attachedOne(
                            ConnectionTypes.AI_DOCUMENT, item, DocumentLoader.class, "a document loader")
                    .value();
            Embedder embedder = ctx.attachedOne(
                            ConnectionTypes.AI_EMBEDDING, item, Embedder.class, "an embeddings model")
                    .value();
            List<Doc> docs = loader.load(ctx.items().get(item), item);
            if (docs.isEmpty()) {
                continue;
            }
            List<float[]> vectors =
                    embedder.embed(docs.stream().map(Doc::pageContent).toList(), item);
            try {
                store.add(docs, vectors);
            } catch (IllegalArgumentException e) {
                throw NodeException.user("'" + ctx.node().name() + "': " + e.getMessage(), item);
            } catch (java.io.UncheckedIOException e) {
                throw NodeException.operational("'" + ctx.node().name() + "': " + e.getMessage(), e);
            }
            for (Doc d : docs) {
                out.add(PerItem.paired(Item.of(d.toJson()), item));
            }
        }
        ctx.log("inserted " + out.size() + " chunk(s)");
        return NodeResult.of(out);
    }

    private static List<MemoryVectorStore.Match> search(NodeContext ctx, int item, String query, int topK) {
        Embedder embedder = ctx.attachedOne(ConnectionTypes.AI_EMBEDDING, item, Embedder.class, "an embeddings model")
                .value();
        float[] vector = embedder.embed(List.of(query), item).getFirst();
        try {
            return store(ctx, item).search(vector, topK);
        } catch (IllegalArgumentException e) {
            throw NodeException.user("'" + ctx.node().name() + "': " + e.getMessage(), item);
        }
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        return VectorSupply.supply(ctx, connectionType, item, mode(ctx), InMemoryVectorStoreNode::search);
    }
}
