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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
            String result =
                    switch (mode) {
                        case "htmlToMarkdown" -> HtmlToMarkdown.convert(input(ctx, "html", i), toMarkdown(ctx, i));
                        case "markdownToHtml" -> MarkdownToHtml.render(input(ctx, "markdown", i), toHtml(ctx, i));
                        default ->
                            throw NodeException.user(
                                    "parameter 'mode': '" + mode
                                            + "' is not supported (htmlToMarkdown, markdownToHtml)",
                                    i);
                    };
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

    private static HtmlToMarkdown.Options toMarkdown(NodeContext ctx, int i) {
        return new HtmlToMarkdown.Options(
                opt(ctx, "bulletMarker", i, "*"),
                opt(ctx, "codeFence", i, "```"),
                opt(ctx, "emDelimiter", i, "_"),
                opt(ctx, "strongDelimiter", i, "**"),
                // node-html-markdown fences only for "fenced", which the node cannot choose: its "fence" indents
                !opt(ctx, "codeBlockStyle", i, "fenced").equals("fenced"),
                names(opt(ctx, "ignore", i, "")),
                names(opt(ctx, "blockElements", i, "")),
                flag(ctx, "keepDataImages", i, false),
                ctx.param("options.maxConsecutiveNewlines", i, Integer.class, 3),
                replacements(ctx, i, "textReplace", List.of()),
                replacements(ctx, i, "globalEscape", HtmlToMarkdown.GLOBAL_ESCAPE),
                replacements(ctx, i, "lineStartEscape", HtmlToMarkdown.LINE_START_ESCAPE));
    }

    private static MarkdownToHtml.Options toHtml(NodeContext ctx, int i) {
        String prefix = opt(ctx, "prefixHeaderId", i, "");
        return new MarkdownToHtml.Options(
                flag(ctx, "completeHTMLDocument", i, false),
                flag(ctx, "noHeaderId", i, false),
                flag(ctx, "ghCompatibleHeaderId", i, false),
                prefix.isEmpty() ? null : prefix,
                ctx.param("options.headerLevelStart", i, Integer.class, 1),
                flag(ctx, "openLinksInNewWindow", i, false),
                flag(ctx, "simpleLineBreaks", i, false),
                flag(ctx, "ellipsis", i, true),
                flag(ctx, "tables", i, false),
                flag(ctx, "strikethrough", i, false));
    }

    /** Element names as node-html-markdown matches them: exactly, against capitalised tag names. */
    private static Set<String> names(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** The user's patterns, taken as n8n hands them on: as text, each replacing its first occurrence. */
    private static List<HtmlToMarkdown.Replace> replacements(
            NodeParameters ctx, int i, String option, List<HtmlToMarkdown.Replace> fallback) {
        JsonNode tree = ctx.paramTree("options." + option, i);
        if (tree == null || tree.isEmpty()) {
            return fallback;
        }
        JsonNode rows = tree.has("values") ? tree.get("values") : tree.get("value");
        List<HtmlToMarkdown.Replace> out = new ArrayList<>();
        for (JsonNode row : rows == null ? List.<JsonNode>of() : rows.isArray() ? rows : List.of(rows)) {
            out.add(HtmlToMarkdown.Replace.literal(
                    row.path("pattern").asText(""), row.path("replacement").asText("")));
        }
        return out.isEmpty() ? fallback : out;
    }

    private static String opt(NodeParameters ctx, String name, int i, String fallback) {
        return ctx.rawParam("options." + name) == null
                ? fallback
                : ctx.param("options." + name, i, String.class, fallback);
    }

    private static boolean flag(NodeParameters ctx, String name, int i, boolean fallback) {
        return ctx.rawParam("options." + name) == null
                ? fallback
                : ctx.param("options." + name, i, Boolean.class, fallback);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
