package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.ai.vector.HtmlText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

/**
 * What the HTTP Request tool answers the model, as n8n's {@code configureResponseOptimizer}: a JSON
 * object or array body as {@code JSON.stringify(body, null, 2)}, other bodies as they are; with
 * {@code optimizeResponse}, the {@code json} optimizer (the {@code dataField} list, {@code all},
 * {@code selected} or {@code except} fields by dot path) or the {@code html} optimizer (the elements
 * {@code cssSelector} picks, their inner HTML or, with {@code onlyContent}, their text as html-to-text
 * writes it without {@code elementsToOmit}, newlines removed and spaces collapsed, as a JSON array,
 * cut at {@code maxLength}). n8n's {@code text} type (Mozilla Readability) is not available here.
 */
record ResponseOptimizer(
        String type,
        String dataField,
        String fieldsToInclude,
        List<String> fields,
        String cssSelector,
        boolean onlyContent,
        List<String> omit,
        int maxLength) {

    /** JavaScript's {@code \s}, which n8n's clean-up collapses. */
    private static final Pattern JS_SPACE = Pattern.compile(
            "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+");

    private static final Pattern JS_SPACE_ENDS =
            Pattern.compile("^" + JS_SPACE.pattern() + "|" + JS_SPACE.pattern() + "$");

    static final ResponseOptimizer NONE = new ResponseOptimizer("none", "", "all", List.of(), "", false, List.of(), 0);

    /** n8n's form for it (ToolHttpRequest's {@code optimizeResponseProperties}). */
    static List<PropertySpec.Builder> properties() {
        return List.of(
                PropertySpec.bool("optimizeResponse")
                        .displayName("Optimize Response")
                        .defaultValue(false)
                        .noExpression()
                        .description("Whether to reduce the response passed to the model"),
                PropertySpec.options("responseType")
                        .displayName("Expected Response Type")
                        .defaultValue("json")
                        .option("json", "JSON")
                        .option("html", "HTML")
                        .option("text", "Text")
                        .showWhen("optimizeResponse", true),
                PropertySpec.string("dataField")
                        .displayName("Field Containing Data")
                        .defaultValue("")
                        .placeholder("e.g. records")
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "json"),
                PropertySpec.options("fieldsToInclude")
                        .displayName("Include Fields")
                        .defaultValue("all")
                        .option("all", "All", "Include all fields")
                        .option("selected", "Selected", "Include only fields specified below")
                        .option("except", "Except", "Exclude fields specified below")
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "json"),
                PropertySpec.string("fields")
                        .displayName("Fields")
                        .defaultValue("")
                        .placeholder("e.g. field1,field2")
                        .description("Comma-separated field names; dot notation for nested ones")
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "json")
                        .hideWhen("fieldsToInclude", "all"),
                PropertySpec.string("cssSelector")
                        .displayName("Selector (CSS)")
                        .defaultValue("body")
                        .placeholder("e.g. body")
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "html"),
                PropertySpec.bool("onlyContent")
                        .displayName("Return Only Content")
                        .defaultValue(false)
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "html"),
                PropertySpec.string("elementsToOmit")
                        .displayName("Elements To Omit")
                        .defaultValue("")
                        .placeholder("e.g. img, .className, #ItemId")
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "html")
                        .showWhen("onlyContent", true),
                PropertySpec.bool("truncateResponse")
                        .displayName("Truncate Response")
                        .defaultValue(false)
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "text", "html"),
                PropertySpec.number("maxLength")
                        .displayName("Max Response Characters")
                        .defaultValue(1000)
                        .minValue(1)
                        .showWhen("optimizeResponse", true)
                        .showWhen("responseType", "text", "html")
                        .showWhen("truncateResponse", true));
    }

    /** The node's choice; {@code text} is a user error naming what is missing. */
    static ResponseOptimizer read(NodeParameters ctx, int item) {
        if (!ctx.param("optimizeResponse", item, Boolean.class, false)) {
            return NONE;
        }
        String type = ctx.param("responseType", item, String.class, "json");
        String node = "'" + ctx.node().name() + "': ";
        return switch (type) {
            case "json" -> {
                String include = ctx.param("fieldsToInclude", item, String.class, "all");
                List<String> fields = "all".equals(include)
                        ? List.of()
                        : Arrays.stream(ctx.param("fields", item, String.class, "")
                                        .split(","))
                                .map(String::strip)
                                .toList();
                yield new ResponseOptimizer(
                        "json",
                        ctx.param("dataField", item, String.class, ""),
                        include,
                        fields,
                        "",
                        false,
                        List.of(),
                        0);
            }
            case "html" -> {
                boolean onlyContent = ctx.param("onlyContent", item, Boolean.class, false);
                List<String> omit = onlyContent
                        ? Arrays.stream(ctx.param("elementsToOmit", item, String.class, "")
                                        .split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of();
                String selector = ctx.param("cssSelector", item, String.class, "");
                for (String s : join(selector, omit)) {
                    try {
                        org.jsoup.select.QueryParser.parse(s);
                    } catch (Selector.SelectorParseException e) {
                        throw NodeException.user(node + "'" + s + "' is not a CSS selector: " + e.getMessage(), item);
                    }
                }
                int max = ctx.param("truncateResponse", item, Boolean.class, false)
                        ? ctx.param("maxLength", item, Integer.class, 0)
                        : 0;
                yield new ResponseOptimizer("html", "", "all", List.of(), selector, onlyContent, omit, max);
            }
            case "text" ->
                throw NodeException.user(
                        node + "the 'Text' response type (Mozilla Readability in n8n) is not available here;"
                                + " use 'HTML' with 'Return Only Content'",
                        item);
            default -> throw NodeException.user(node + "unknown response type '" + type + "'", item);
        };
    }

    private static List<String> join(String selector, List<String> omit) {
        List<String> all = new ArrayList<>(omit);
        if (!selector.isBlank()) {
            all.add(selector);
        }
        return all;
    }

    /** The answer for a successful response body; an {@link IllegalArgumentException} says why it cannot be made. */
    String answer(String body) {
        return switch (type) {
            case "json" -> json(body);
            case "html" -> html(body);
            default -> plain(body);
        };
    }

    private static String plain(String body) {
        JsonNode parsed = parse(body);
        return parsed != null && parsed.isContainerNode() ? JsJson.pretty(parsed) : body;
    }

    private String json(String body) {
        JsonNode data = parse(body);
        if (data == null || !data.isContainerNode()) {
            throw new IllegalArgumentException("The response type must be an object or an array of objects");
        }
        List<JsonNode> records = new ArrayList<>();
        if (!data.isArray()) {
            JsonNode inner = dataField.isEmpty() ? data : data.get(dataField);
            if (inner != null && inner.isArray()) {
                inner.forEach(records::add);
            } else {
                records.add(inner);
            }
        } else {
            data.forEach(r -> records.add(dataField.isEmpty() || r == null ? r : r.get(dataField)));
        }
        ArrayNode out = Json.array();
        for (JsonNode r : records) {
            switch (fieldsToInclude) {
                case "selected" -> {
                    ObjectNode picked = Json.object();
                    for (String f : fields) {
                        JsonPaths.set(picked, f, JsonPaths.get(r, f));
                    }
                    out.add(picked);
                }
                case "except" -> {
                    JsonNode copy = r == null ? null : r.deepCopy();
                    fields.forEach(f -> JsonPaths.unset(copy, f));
                    out.add(copy);
                }
                default -> out.add(r);
            }
        }
        return JsJson.pretty(out);
    }

    private String html(String body) {
        Document page = Jsoup.parse(body);
        page.outputSettings().prettyPrint(false);
        List<Element> picked = cssSelector.isBlank() ? List.of() : page.select(cssSelector);
        ArrayNode out = Json.array();
        for (Element el : picked) {
            String value = el.html();
            if (onlyContent) {
                value = HtmlText.convert(value, omit);
            }
            // n8n: trim, drop line breaks (no space in their place), collapse whitespace
            value = JS_SPACE_ENDS.matcher(value).replaceAll("");
            value = JS_SPACE.matcher(value.replaceAll("\\r\\n|\\n|\\r", "")).replaceAll(" ");
            out.add(value);
        }
        String text = JsJson.pretty(out);
        return maxLength > 0 && text.length() > maxLength ? text.substring(0, maxLength) : text;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = Json.reader().readTree(body);
            return n == null || n.isMissingNode() ? null : n;
        } catch (Exception e) {
            return null;
        }
    }
}
