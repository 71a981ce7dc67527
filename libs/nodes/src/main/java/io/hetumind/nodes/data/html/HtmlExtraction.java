package io.hetumind.nodes.data.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/** Extracts values from HTML by CSS selectors, as n8n's HTML (extractHtmlContent) and HTML Extract nodes do. */
final class HtmlExtraction {

    /**
     * How text is read: cheerio's raw {@code text()} (HTML Extract, where no match gives ""), {@code text() ||
     * undefined} (HTML 1 and 1.1, where no match leaves the key out), or html-to-text (HTML 1.2).
     */
    enum TextMode {
        RAW,
        RAW_OR_UNDEFINED,
        CONVERTED
    }

    private HtmlExtraction() {}

    static List<Item> extract(
            NodeContext ctx, int i, Item item, TextMode textMode, boolean dotPath, boolean trimDefault)
            throws Exception {
        String source = ctx.param("sourceData", i, String.class, "json");
        String property = ctx.param("dataPropertyName", i, String.class, "data");
        List<String> documents = new ArrayList<>();
        if (source.equals("binary")) {
            documents.add(binary(ctx, i, item, property));
        } else if (source.equals("json")) {
            JsonNode value = JsonPaths.get(item.json(), property, dotPath);
            if (value == null) {
                throw NodeException.user("No property named \"" + property + "\" exists!", i);
            }
            if (value.isArray()) {
                value.forEach(v -> documents.add(Js.toString(v, false)));
            } else {
                documents.add(Js.toString(value, false));
            }
        } else {
            throw NodeException.user("parameter 'sourceData': '" + source + "' is not supported (json, binary)", i);
        }
        JsonNode tree = ctx.paramTree("extractionValues", i);
        JsonNode rows = tree == null ? null : tree.get("values");
        if (rows == null || rows.isEmpty()) {
            throw NodeException.user(
                    "parameter 'extractionValues': add at least one value to extract [item " + i + "]", i);
        }
        // unset options count as off (n8n reads the stored collection), except HTML Extract's trim
        boolean trim = HtmlProperties.option(ctx, "trimValues", i, Boolean.class, trimDefault);
        boolean cleanUp = HtmlProperties.option(ctx, "cleanUpText", i, Boolean.class, false);
        List<Item> out = new ArrayList<>();
        for (String html : documents) {
            Document doc = HtmlDocs.parse(html);
            ObjectNode json = Json.object();
            int r = 0;
            for (JsonNode row : rows.isArray() ? rows : List.of(rows)) {
                String where = "extractionValues.values[" + r++ + "]";
                String key = row.path("key").asText("");
                String selector = row.path("cssSelector").asText("");
                if (key.isEmpty() || selector.isEmpty()) {
                    throw NodeException.user(
                            "parameter '" + where + "': key and CSS selector are required [item " + i + "]", i);
                }
                Elements found;
                try {
                    found = doc.select(selector);
                } catch (Selector.SelectorParseException e) {
                    throw NodeException.user(
                            "parameter '" + where + ".cssSelector': " + e.getMessage() + " [item " + i + "]", i);
                }
                Value v = new Value(row, textMode, trim, cleanUp);
                if (row.path("returnArray").asBoolean(false)) {
                    ArrayNode arr = json.putArray(key);
                    for (Element el : found) {
                        JsonNode one = v.of(new Elements(el));
                        arr.add(one == null ? Json.F.nullNode() : one);
                    }
                } else {
                    JsonNode one = v.of(found);
                    if (one != null) {
                        json.set(key, one);
                    }
                }
            }
            out.add(new Item(json, Map.of(), new PairedItem(i, 0)));
        }
        return out;
    }

    private static String binary(NodeResources ctx, int i, Item item, String property) throws Exception {
        BinaryRef ref = item.binary().get(property);
        if (ref == null) {
            throw NodeException.user(
                    "This operation expects the node's input data to contain a binary file '" + property
                            + "', but none was found [item " + i + "]",
                    i);
        }
        BinaryStore store = ctx.service(BinaryStore.class)
                .orElseThrow(() -> NodeException.user("no binary store is configured on this host", i));
        return new String(store.read(ref), StandardCharsets.UTF_8);
    }

    /** One extraction row: what to return from the matched elements, then trimming and clean-up. */
    private record Value(JsonNode row, TextMode textMode, boolean trim, boolean cleanUp) {

        JsonNode of(Elements els) {
            String kind = row.path("returnValue").asText("text");
            Element first = els.isEmpty() ? null : els.getFirst();
            String s;
            switch (kind) {
                case "attribute" -> {
                    String name = row.path("attribute").asText("");
                    if (first == null) {
                        return null;
                    }
                    if (name.isEmpty()) {
                        ObjectNode all = Json.object();
                        for (Attribute a : first.attributes()) {
                            all.put(a.getKey(), a.getValue());
                        }
                        return all;
                    }
                    s = first.hasAttr(name) ? first.attr(name) : null;
                }
                case "html" -> {
                    // cheerio's html() || undefined: an element with no content counts as no match
                    s = first == null ? null : first.html();
                    s = s == null || s.isEmpty() ? null : s;
                }
                case "value" -> s = first == null ? null : value(first);
                default -> s = text(els, first);
            }
            if (s == null) {
                return null;
            }
            if (trim) {
                s = s.strip();
            }
            if (cleanUp) {
                s = s.strip().replaceAll("(\\r\\n|\\n|\\r)", "").replaceAll("\\s+", " ");
            }
            return Json.F.textNode(s);
        }

        private String text(Elements els, Element first) {
            if (textMode != TextMode.CONVERTED) {
                StringBuilder sb = new StringBuilder();
                els.forEach(e -> sb.append(e.wholeText()));
                return sb.isEmpty() && textMode == TextMode.RAW_OR_UNDEFINED ? null : sb.toString();
            }
            List<String> skip = new ArrayList<>();
            for (String s : row.path("skipSelectors").asText("").split(",")) {
                if (!s.isBlank()) {
                    skip.add(s.strip());
                }
            }
            return HtmlToText.convert(first == null ? "" : first.html(), skip);
        }

        /** jQuery's {@code val()}: inputs and options by value, text areas by text, selects by choice. */
        private static String value(Element el) {
            return switch (el.normalName()) {
                case "select" -> {
                    Element chosen = el.selectFirst("option[selected]");
                    chosen = chosen == null ? el.selectFirst("option") : chosen;
                    yield chosen == null ? null : value(chosen);
                }
                case "textarea" -> el.wholeText();
                case "option" -> el.hasAttr("value") ? el.attr("value") : el.text();
                default -> el.hasAttr("value") ? el.attr("value") : null;
            };
        }
    }
}
