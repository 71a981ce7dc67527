package io.hetumind.nodes.data.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsonPaths;
import io.hetumind.nodes.internal.PerItem;
import java.util.ArrayList;
import java.util.List;

/** Markdown: converts HTML to Markdown or Markdown to HTML, with n8n's options. */
public final class MarkdownNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = MarkdownDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String mode = ctx.param("mode", 0, String.class, "htmlToMarkdown");
        return PerItem.map(ctx, (i, item) -> {
            String key = ctx.param("destinationKey", i, String.class, "data");
            String result;
            try {
                result = switch (mode) {
                    case "htmlToMarkdown" -> HtmlToMarkdown.convert(input(ctx, "html", i), toMarkdown(ctx, i));
                    case "markdownToHtml" -> MarkdownToHtml.render(input(ctx, "markdown", i), showdownOptions(ctx, i));
                    default ->
                        throw NodeException.user(
                                "parameter 'mode': '" + mode + "' is not supported (htmlToMarkdown, markdownToHtml)",
                                i);
                };
            } catch (Showdown.TimeBudgetExceeded | IllegalArgumentException e) {
                throw NodeException.user(e.getMessage() + " [item " + i + "]", i);
            }
            ObjectNode json = item.json().deepCopy();
            JsonPaths.set(json, key, Json.F.textNode(result), true);
            return List.of(new Item(json, item.binary(), new PairedItem(i, 0)));
        });
    }

    private static String input(NodeParameters ctx, String name, int i) {
        JsonNode v = ctx.paramTree(name, i);
        if (Js.isNullish(v)) {
            throw NodeException.user("parameter '" + name + "' is required [item " + i + "]", i);
        }
        return Js.toString(v, false);
    }

    /** The options n8n passes on: only those set to a truthy value, so an empty text or 0 keeps the default. */
    private static HtmlToMarkdown.Options toMarkdown(NodeContext ctx, int i) {
        List<JsText.Replace> textReplace = new ArrayList<>();
        for (JsonNode row : rows(option(ctx, "textReplace.values", i))) {
            textReplace.add(JsText.Replace.literal(text(row.path("pattern")), text(row.path("replacement"))));
        }
        return new HtmlToMarkdown.Options(
                opt(ctx, "bulletMarker", i, "*"),
                opt(ctx, "codeFence", i, "```"),
                opt(ctx, "emDelimiter", i, "_"),
                opt(ctx, "strongDelimiter", i, "**"),
                // the library fences only for "fenced", which the node's list does not offer: its "fence" indents
                opt(ctx, "codeBlockStyle", i, "fenced").equals("fenced"),
                names(opt(ctx, "ignore", i, "")),
                names(opt(ctx, "blockElements", i, "")),
                truthy(option(ctx, "keepDataImages", i)),
                truthy(option(ctx, "useLinkReferenceDefinitions", i)),
                maxNewlines(option(ctx, "maxConsecutiveNewlines", i), i),
                textReplace,
                escape(ctx, i, "globalEscape", HtmlToMarkdown.GLOBAL_ESCAPE),
                escape(ctx, i, "lineStartEscape", HtmlToMarkdown.LINE_START_ESCAPE));
    }

    /** Element names split on commas and trimmed, as n8n does; the library upper-cases them. */
    private static List<String> names(String list) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : list.split(",", -1)) {
            out.add(s.strip());
        }
        return out;
    }

    /** A user's escape replaces the library's; n8n hands the pattern on as text, so it is literal, first only. */
    private static JsText.Replace escape(NodeParameters ctx, int i, String option, JsText.Replace fallback) {
        JsonNode value = option(ctx, option + ".value", i);
        if (value == null || !value.isObject() || value.isEmpty()) {
            return fallback;
        }
        return JsText.Replace.literal(text(value.path("pattern")), text(value.path("replacement")));
    }

    private static List<JsonNode> rows(JsonNode tree) {
        List<JsonNode> out = new ArrayList<>();
        if (tree != null && tree.isArray()) {
            tree.forEach(out::add);
        } else if (tree != null && tree.isObject()) {
            out.add(tree);
        }
        return out;
    }

    private static String text(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() ? "undefined" : Js.toString(v, false);
    }

    private static boolean truthy(JsonNode v) {
        return v != null && !v.isMissingNode() && Js.truthy(v);
    }

    private static int maxNewlines(JsonNode v, int i) {
        if (!truthy(v)) {
            return 3;
        }
        String text = v.asText().strip();
        if (v.isIntegralNumber() && v.asInt() > 0) {
            return v.asInt();
        }
        if (v.isTextual() && text.matches("[1-9][0-9]{0,5}")) {
            return Integer.parseInt(text);
        }
        throw NodeException.user(
                "parameter 'options.maxConsecutiveNewlines' must be a whole number above 0, got '" + text + "' [item "
                        + i + "]",
                i);
    }

    private static String opt(NodeParameters ctx, String name, int i, String fallback) {
        JsonNode v = option(ctx, name, i);
        return truthy(v) ? Js.toString(v, false) : fallback;
    }

    /** An option the user added, rendered; null when it was not added (the form's default is not what n8n passes). */
    private static JsonNode option(NodeParameters ctx, String name, int i) {
        return ctx.rawParam("options." + name) == null ? null : ctx.paramTree("options." + name, i);
    }

    private static ObjectNode showdownOptions(NodeParameters ctx, int i) {
        ObjectNode set = Json.object();
        JsonNode raw = ctx.rawParam("options");
        if (raw != null && raw.isObject()) {
            raw.fieldNames().forEachRemaining(key -> {
                JsonNode v = ctx.paramTree("options." + key, i);
                set.set(key, v == null || v.isMissingNode() ? Json.F.nullNode() : v);
            });
        }
        return set;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
