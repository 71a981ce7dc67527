package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.files.BinaryFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Default Data Loader (n8n {@code documentDefaultDataLoader} 1–1.1): turns each item the vector
 * store inserts into documents — the whole item's JSON, the text of {@code jsonData}, or the item's
 * files ({@code dataType: binary}: PDF, CSV, JSON, Docx, EPub, HTML, text, Markdown; see {@link
 * BinaryDocuments}) —
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
                    .option("json", "JSON", "Process JSON data from the previous step")
                    .option("binary", "Binary", "Process binary data (files) from the previous step")
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
            .property(PropertySpec.options("binaryMode")
                    .displayName("Mode")
                    .defaultValue("allInputData")
                    .option("allInputData", "Load All Input Data", "Every binary field of the item")
                    .option("specificField", "Load Specific Data", "The binary field named below")
                    .showWhen("dataType", "binary"))
            .property(PropertySpec.options("loader")
                    .displayName("Data Format")
                    .defaultValue("auto")
                    .option("auto", "Automatically Detect by Mime Type", "Uses the MIME type to detect the format")
                    .option("csvLoader", "CSV", "Load CSV files")
                    .option("docxLoader", "Docx", "Load Docx documents")
                    .option("epubLoader", "EPub", "Load EPub files, one document per chapter")
                    .option("jsonLoader", "JSON", "Load JSON files")
                    .option("pdfLoader", "PDF", "Load PDF documents")
                    .option("textLoader", "Text", "Load plain text and Markdown files")
                    .option("htmlLoader", "HTML", "Load the text of HTML pages (Hetumind only: n8n has no HTML loader)")
                    .showWhen("dataType", "binary"))
            .property(PropertySpec.string("jsonData")
                    .displayName("Data")
                    .defaultValue("")
                    .required()
                    .showWhen("dataType", "json")
                    .showWhen("jsonMode", "expressionData"))
            .property(PropertySpec.string("binaryDataKey")
                    .displayName("Input Data Field Name")
                    .defaultValue("data")
                    .required()
                    .description("The binary field of the root's input item holding the file")
                    .showWhen("dataType", "binary")
                    .hideWhen("binaryMode", "allInputData"))
            .property(PropertySpec.options("textSplittingMode")
                    .displayName("Text Splitting")
                    .defaultValue("simple")
                    .option("simple", "Simple", "Chunks of 1000 characters overlapping by 200")
                    .option("custom", "Custom", "Connect a text splitter of your choice")
                    .showWhen(PropertySpec.VERSION, 1.1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.string("pointers")
                            .displayName("JSON Pointers")
                            .defaultValue("")
                            .description("Pointers to extract from JSON, e.g. \"/text\" or \"/text, /meta/title\"")
                            .showWhen("/loader", "jsonLoader", "auto"))
                    .child(PropertySpec.string("separator")
                            .displayName("CSV Separator")
                            .defaultValue(",")
                            .showWhen("/loader", "csvLoader", "auto"))
                    .child(PropertySpec.string("column")
                            .displayName("CSV Column")
                            .defaultValue("")
                            .description("Column to extract from CSV")
                            .showWhen("/loader", "csvLoader", "auto"))
                    .child(PropertySpec.bool("splitPages")
                            .displayName("Split Pages in PDF")
                            .defaultValue(true)
                            .description("Whether to split PDF pages into separate documents")
                            .showWhen("/loader", "pdfLoader", "auto"))
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
        // recorded as n8n's logWrapper records a loader's processItem: the item in, {response: documents} out
        return (DocumentLoader) (item, itemIndex) -> io.hetumind.nodes.ai.internal.Recorded.call(
                ctx, ConnectionTypes.AI_DOCUMENT, item, () -> load(ctx, item, itemIndex), docs -> {
                    ObjectNode out = Json.object();
                    var response = out.putArray("response");
                    docs.forEach(d -> response.add(d.toJson()));
                    return out;
                });
    }

    private static List<Doc> load(NodeContext ctx, Item item, int itemIndex) {
        boolean custom = ctx.node().typeVersion() >= 1.1
                && "custom".equals(ctx.param("textSplittingMode", itemIndex, String.class, "simple"));
        TextSplitter splitter = custom
                ? ctx.attachedOne(ConnectionTypes.AI_TEXT_SPLITTER, itemIndex, TextSplitter.class, "a text splitter")
                        .value()
                : RecursiveTextSplitterNode.splitter(1000, 200);
        ObjectNode metadata = metadata(ctx, itemIndex);
        List<Doc> loaded = "binary".equals(ctx.param("dataType", itemIndex, String.class, "json"))
                ? binary(ctx, item, itemIndex)
                : List.of(new Doc(jsonText(ctx, item, itemIndex), Json.object()));
        List<Doc> out = new ArrayList<>();
        for (Doc doc : loaded) {
            List<String> chunks = splitter.split(doc.pageContent());
            for (int i = 0; i < chunks.size(); i++) {
                ObjectNode md = doc.metadata().deepCopy();
                md.setAll(metadata.deepCopy());
                ObjectNode loc = md.path("loc").isObject() ? (ObjectNode) md.get("loc") : md.putObject("loc");
                loc.putObject("lines").put("chunk", i);
                out.add(new Doc(chunks.get(i), md));
            }
        }
        return out;
    }

    private static String jsonText(NodeParameters ctx, Item item, int itemIndex) {
        if ("expressionData".equals(ctx.param("jsonMode", itemIndex, String.class, "allInputData"))) {
            JsonNode data = ctx.paramTree("jsonData", itemIndex);
            return data == null || data.isNull() ? "" : data.isTextual() ? data.asText() : data.toString();
        }
        return item.json().toString();
    }

    private static ObjectNode metadata(NodeParameters ctx, int itemIndex) {
        ObjectNode metadata = Json.object();
        JsonNode values = ctx.paramTree("options.metadata.metadataValues", itemIndex);
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                if (v.path("name").asText("").isBlank()) {
                    throw NodeException.user("'" + ctx.node().name() + "': a metadata field has no name", itemIndex);
                }
                metadata.set(v.get("name").asText(), v.path("value"));
            }
        }
        return metadata;
    }

    /**
     * The documents of the item's files: every binary field ({@code allInputData}) or the one named
     * by {@code binaryDataKey}, read through the host's binary store.
     */
    private static List<Doc> binary(NodeContext ctx, Item item, int itemIndex) {
        String name = ctx.node().name();
        List<String> keys;
        if ("specificField".equals(ctx.param("binaryMode", itemIndex, String.class, "allInputData"))) {
            String key = ctx.param("binaryDataKey", itemIndex, String.class, "data");
            if (!item.binary().containsKey(key)) {
                throw NodeException.user(
                        "'" + name + "': item " + itemIndex + " has no binary field '" + key + "'"
                                + (item.binary().isEmpty()
                                        ? " (it has no binary data)"
                                        : " (it has: "
                                                + String.join(
                                                        ", ", item.binary().keySet()) + ")"),
                        itemIndex);
            }
            keys = List.of(key);
        } else {
            keys = item.binary().keySet().stream().sorted().toList(); // items keep no field order: by name
        }
        String selected = ctx.param("loader", itemIndex, String.class, "auto");
        BinaryDocuments.Options options = new BinaryDocuments.Options(
                // as n8n: false unless the option was added (a collection's unset options have no value)
                ctx.node().parameters().path("options").has("splitPages")
                        && ctx.param("options.splitPages", itemIndex, Boolean.class, false),
                ctx.param("options.separator", itemIndex, String.class, ","),
                ctx.param("options.column", itemIndex, String.class, ""),
                ctx.param("options.pointers", itemIndex, String.class, ""));
        List<Doc> out = new ArrayList<>();
        for (String key : keys) {
            BinaryRef ref = item.binary().get(key);
            String where = "'" + name + "': binary field '" + key + "' of item " + itemIndex + ": ";
            String mime = BinaryDocuments.baseType(ref.mimeType());
            byte[] data;
            try {
                BinaryDocuments.check(mime, selected);
                data = BinaryFiles.read(ctx, itemIndex, item, key);
            } catch (IllegalArgumentException e) {
                throw NodeException.user(where + e.getMessage(), itemIndex);
            } catch (IOException e) {
                throw NodeException.operational(where + "could not be read: " + e.getMessage(), e);
            }
            try {
                out.addAll(BinaryDocuments.load(data, ref.mimeType(), ref.fileName(), options));
            } catch (IllegalArgumentException e) {
                throw NodeException.user(where + e.getMessage(), itemIndex);
            }
            ctx.log(name + ": loaded " + key + " (" + mime + ", " + data.length + " bytes)");
        }
        return out;
    }
}
