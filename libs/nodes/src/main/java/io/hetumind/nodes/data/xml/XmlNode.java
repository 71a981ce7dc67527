package io.hetumind.nodes.data.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.PerItem;
import java.util.List;
import java.util.Map;

/** XML: converts a JSON item to XML text, or XML text in a field to JSON, with xml2js's conventions. */
public final class XmlNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.xml")
            .versions(1)
            .displayName("XML")
            .description("Convert data from and to XML")
            .group(NodeGroup.DATA)
            .icon("file-code")
            .alias("n8n-nodes-base.xml")
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option("jsonToxml", "JSON to XML", "Converts data from JSON to XML")
                    .option("xmlToJson", "XML to JSON", "Converts data from XML to JSON")
                    .defaultValue("xmlToJson"))
            .property(PropertySpec.string("dataPropertyName")
                    .displayName("Property Name")
                    .description("Name of the property which contains (XML to JSON) or receives (JSON to XML) the XML")
                    .defaultValue("data")
                    .required())
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen("mode", "jsonToxml")
                    .child(PropertySpec.bool("allowSurrogateChars").displayName("Allow Surrogate Chars"))
                    .child(PropertySpec.string("attrkey")
                            .displayName("Attribute Key")
                            .defaultValue("$"))
                    .child(PropertySpec.bool("cdata")
                            .displayName("Cdata")
                            .description("Whether to wrap text in CDATA where it needs escaping"))
                    .child(PropertySpec.string("charkey")
                            .displayName("Character Key")
                            .defaultValue("_"))
                    .child(PropertySpec.bool("headless")
                            .displayName("Headless")
                            .description("Whether to omit the XML declaration"))
                    .child(PropertySpec.string("rootName")
                            .displayName("Root Name")
                            .defaultValue("root")))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .showWhen("mode", "xmlToJson")
                    .child(PropertySpec.string("attrkey")
                            .displayName("Attribute Key")
                            .defaultValue("$"))
                    .child(PropertySpec.string("charkey")
                            .displayName("Character Key")
                            .defaultValue("_"))
                    .child(PropertySpec.bool("explicitArray")
                            .displayName("Explicit Array")
                            .description("Whether to always put child nodes in an array"))
                    .child(PropertySpec.bool("explicitRoot")
                            .displayName("Explicit Root")
                            .defaultValue(true))
                    .child(PropertySpec.bool("ignoreAttrs").displayName("Ignore Attributes"))
                    .child(PropertySpec.bool("mergeAttrs")
                            .displayName("Merge Attributes")
                            .defaultValue(true))
                    .child(PropertySpec.bool("normalize").displayName("Normalize"))
                    .child(PropertySpec.bool("normalizeTags").displayName("Normalize Tags"))
                    .child(PropertySpec.bool("trim").displayName("Trim")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String mode = opt(ctx, "mode", "xmlToJson");
        String property = opt(ctx, "dataPropertyName", "data");
        return PerItem.map(ctx, (i, item) -> switch (mode) {
            case "xmlToJson" -> List.of(toJson(ctx, i, item, property));
            case "jsonToxml" -> {
                var o = new JsonToXml.Options(
                        opt(ctx, "options.attrkey", "$"),
                        opt(ctx, "options.charkey", "_"),
                        flag(ctx, "options.cdata", false),
                        flag(ctx, "options.headless", false),
                        opt(ctx, "options.rootName", "root"),
                        flag(ctx, "options.allowSurrogateChars", false));
                String xml;
                try {
                    xml = JsonToXml.build(item.json(), o);
                } catch (IllegalArgumentException e) {
                    throw NodeException.user(e.getMessage(), i);
                }
                ObjectNode json = Json.object().put(property, xml);
                yield List.of(new Item(json, item.binary(), new PairedItem(i, 0)));
            }
            default ->
                throw NodeException.user("parameter 'mode': '" + mode + "' is not supported (jsonToxml, xmlToJson)", i);
        });
    }

    private static Item toJson(NodeContext ctx, int i, Item item, String property) {
        JsonNode value = item.json().get(property);
        if (value == null) {
            throw NodeException.user("Item has no JSON property called \"" + property + "\"", i);
        }
        var o = new XmlToJson.Options(
                opt(ctx, "options.attrkey", "$"),
                opt(ctx, "options.charkey", "_"),
                flag(ctx, "options.explicitArray", false),
                flag(ctx, "options.explicitRoot", true),
                flag(ctx, "options.ignoreAttrs", false),
                flag(ctx, "options.mergeAttrs", true),
                flag(ctx, "options.normalize", false),
                flag(ctx, "options.normalizeTags", false),
                flag(ctx, "options.trim", false));
        JsonNode parsed;
        try {
            parsed = XmlToJson.parse(Js.toString(value, false), o);
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "property '" + property + "' is not valid XML: " + e.getMessage() + " [item " + i + "]", i);
        }
        ObjectNode json = parsed instanceof ObjectNode obj ? obj : Json.object().set(property, parsed);
        return new Item(json, Map.of(), new PairedItem(i, 0));
    }

    /** Options are read for item 0, as n8n does; the two modes declare some options twice. */
    private static String opt(NodeParameters ctx, String path, String fallback) {
        return ctx.rawParam(path) == null ? fallback : ctx.param(path, 0, String.class, fallback);
    }

    private static boolean flag(NodeParameters ctx, String path, boolean fallback) {
        return ctx.rawParam(path) == null ? fallback : ctx.param(path, 0, Boolean.class, fallback);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
