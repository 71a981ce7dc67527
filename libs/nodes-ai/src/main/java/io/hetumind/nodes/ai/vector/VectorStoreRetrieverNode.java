package io.hetumind.nodes.ai.vector;

import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;

/** Vector Store Retriever (n8n {@code retrieverVectorStore} 1): the {@code topK} documents nearest a question. */
public final class VectorStoreRetrieverNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.retrieverVectorStore")
            .displayName("Vector Store Retriever")
            .description("Use a vector store as a retriever")
            .group(NodeGroup.AI)
            .icon("box-open")
            .alias(AiParams.N8N + "retrieverVectorStore")
            .subNode(ConnectionTypes.AI_RETRIEVER)
            .subInput(SubPort.required(ConnectionTypes.AI_VECTOR_STORE, "Vector Store"))
            .property(PropertySpec.number("topK")
                    .displayName("Limit")
                    .defaultValue(4)
                    .minValue(1)
                    .description("Number of top results to fetch from the vector store"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        VectorStore store = ctx.attachedOne(ConnectionTypes.AI_VECTOR_STORE, item, VectorStore.class, "a vector store")
                .value();
        int topK = AiParams.intIn(ctx, "topK", item, 4, 1, 10_000);
        // recorded as n8n's logWrapper records a retriever's getRelevantDocuments: {query} in, {response} out
        return (Retriever) (query, itemIndex) -> io.hetumind.nodes.ai.internal.Recorded.call(
                ctx,
                ConnectionTypes.AI_RETRIEVER,
                io.hetumind.core.model.Item.of(
                        io.hetumind.core.spi.Json.object().put("query", query)),
                () -> {
                    var docs = store.search(query, topK, itemIndex).stream()
                            .map(MemoryVectorStore.Match::doc)
                            .toList();
                    ctx.log("retrieved " + docs.size() + " document(s)");
                    return docs;
                },
                docs -> {
                    var out = io.hetumind.core.spi.Json.object();
                    var response = out.putArray("response");
                    docs.forEach(d -> response.add(d.toJson()));
                    return out;
                });
    }
}
