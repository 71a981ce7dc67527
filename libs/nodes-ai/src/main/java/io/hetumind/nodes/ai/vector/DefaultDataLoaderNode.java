package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Default Data Loader (n8n {@code documentDefaultDataLoader} 1–1.1, JSON data): turns each item the
 * vector store inserts into documents — the whole item's JSON, or the text of {@code jsonData} —
 * split by the attached text splitter ({@code textSplittingMode: custom}) or into 1000-character
 * chunks overlapping by 200 (simple). {@code options.metadata} adds metadata to every chunk.
 */
public final class DefaultDataLoaderNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.documentDefaultDataLoader")
            .versions(1, 1.1)
            .displayName("Default Data Loader")
            .description("Load data from the items a vector store inserts")
            .group(NodeGroup.AI)
            .icon("file-import")
            .alias(AiParams.N8N + "documentDefaultDataLoader")
            .subNode(ConnectionTypes.AI_DOCUMENT)
            .subInput(SubPort.required(ConnectionTypes.AI_TEXT_SPLITTER, "Text Splitter")
                    .showWhen("textSplittingMode", "custom"))
            .property(PropertySpec.options("dataType")
                    .displayName("Type of Data")
                    .defaultValue("json")
                    .option("json", "JSON")
                    .noExpression())
            .property(PropertySpec.options("jsonMode")
                    .displayName("Mode")
                    .defaultValue("allInputData")
                    .option("allInputData", "Load All Input Data", "Use all JSON data that flows into the parent node")
                    .option(
                            "expressionData",
                            "Load Specific Data",
                            "Load a subset of data, and/or data from any previous step")
                    .showWhen("dataType", "json"))
            .property(PropertySpec.string("jsonData")
                    .displayName("Data")
                    .defaultValue("")
                    .required()
                    .showWhen("jsonMode", "expressionData"))
            .property(PropertySpec.options("textSplittingMode")
                    .displayName("Text Splitting")
                    .defaultValue("simple")
                    .option("simple", "Simple", "Chunks of 1000 characters overlapping by 200")
                    .option("custom", "Custom", "Connect a text splitter of your choice")
                    .showWhen(PropertySpec.VERSION, 1.1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.fixedCollection("metadata")
                            .displayName("Metadata")
                            .child(PropertySpec.collection("metadataValues")
                                    .displayName("Fields to Set")
                                    .multipleValues()
                                    .child(PropertySpec.string("name")
                                            .displayName("Name")
                                            .defaultValue("")
                                            .required())
                                    .child(PropertySpec.string("value")
                                            .displayName("Value")
                                            .defaultValue("")))))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int ignored) {
        return (DocumentLoader) (item, itemIndex) -> {
            TextSplitter splitter;
            boolean custom = ctx.node().typeVersion() >= 1.1
                    && "custom".equals(ctx.param("textSplittingMode", itemIndex, String.class, "simple"));
            splitter = custom
                    ? ctx.attachedOne(
                                    ConnectionTypes.AI_TEXT_SPLITTER, itemIndex, TextSplitter.class, "a text splitter")
                            .value()
                    : RecursiveTextSplitterNode.splitter(1000, 200);
            String text;
            if ("expressionData".equals(ctx.param("jsonMode", itemIndex, String.class, "allInputData"))) {
                JsonNode data = ctx.paramTree("jsonData", itemIndex);
                text = data == null || data.isNull() ? "" : data.isTextual() ? data.asText() : data.toString();
            } else {
                text = item.json().toString();
            }
            ObjectNode metadata = Json.object();
            JsonNode values = ctx.paramTree("options.metadata.metadataValues", itemIndex);
            if (values != null && values.isArray()) {
                for (JsonNode v : values) {
                    if (v.path("name").asText("").isBlank()) {
                        throw NodeException.user(
                                "'" + ctx.node().name() + "': a metadata field has no name", itemIndex);
                    }
                    metadata.set(v.get("name").asText(), v.path("value"));
                }
            }
            List<Doc> out = new ArrayList<>();
            List<String> chunks = splitter.split(text);
            for (int i = 0; i < chunks.size(); i++) {
                ObjectNode md = metadata.deepCopy();
                md.putObject("loc").putObject("lines").put("chunk", i);
                out.add(new Doc(chunks.get(i), md));
            }
            return out;
        };
    }
}
