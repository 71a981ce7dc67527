package io.hetumind.nodes.data.html;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.hetumind.nodes.internal.JsReplace;
import io.hetumind.nodes.internal.PerItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML: renders an HTML template with expressions, or extracts values from HTML with CSS selectors. */
public final class HtmlNode implements NodeType {

    /** n8n's placeholder template, the parameter's default. */
    private static final String TEMPLATE = String.join(
            "\n",
            "<!DOCTYPE html>",
            "",
            "<html>",
            "<head>",
            "  <meta charset=\"UTF-8\" />",
            "  <title>My HTML document</title>",
            "</head>",
            "<body>",
            "  <div class=\"container\">",
            "    <h1>This is an H1 heading</h1>",
            "    <h2>This is an H2 heading</h2>",
            "    <p>This is a paragraph</p>",
            "  </div>",
            "</body>",
            "</html>",
            "",
            "<style>",
            ".container {",
            "  background-color: #ffffff;",
            "  text-align: center;",
            "  padding: 16px;",
            "  border-radius: 8px;",
            "}",
            "",
            "h1 {",
            "  color: #ff6d5a;",
            "  font-size: 24px;",
            "  font-weight: bold;",
            "  padding: 8px;",
            "}",
            "",
            "h2 {",
            "  color: #909399;",
            "  font-size: 18px;",
            "  font-weight: bold;",
            "  padding: 8px;",
            "}",
            "</style>",
            "",
            "<script>",
            "console.log(\"Hello World!\");",
            "</script>");

    private static final Pattern RESOLVABLE = Pattern.compile("\\{\\{[\\s\\S]*?}}");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.html")
            .versions(1, 1.1, 1.2)
            .displayName("HTML")
            .description("Work with HTML")
            .group(NodeGroup.DATA)
            .icon("code")
            .alias("n8n-nodes-base.html")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("generateHtmlTemplate", "Generate HTML Template")
                    .option("extractHtmlContent", "Extract HTML Content")
                    .option("convertToHtmlTable", "Convert to HTML Table")
                    .defaultValue("generateHtmlTemplate")
                    .noExpression())
            .property(PropertySpec.string("html")
                    .displayName("HTML Template")
                    .description("HTML template to render; {{ expressions }} are evaluated per item")
                    .defaultValue(TEMPLATE)
                    .showWhen("operation", "generateHtmlTemplate"))
            .property(HtmlProperties.sourceData().showWhen("operation", "extractHtmlContent"))
            .property(HtmlProperties.dataPropertyName().showWhen("operation", "extractHtmlContent"))
            .property(HtmlProperties.extractionValues(true).showWhen("operation", "extractHtmlContent"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .showWhen("operation", "extractHtmlContent")
                    .child(PropertySpec.bool("trimValues")
                            .displayName("Trim Values")
                            .description("Whether to remove leading and trailing whitespace from the values")
                            .defaultValue(true))
                    .child(PropertySpec.bool("cleanUpText")
                            .displayName("Clean Up Text")
                            .description("Whether to remove line breaks and condense whitespace")
                            .defaultValue(true)))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .showWhen("operation", "convertToHtmlTable")
                    .child(PropertySpec.bool("capitalize").displayName("Capitalize Headers"))
                    .child(PropertySpec.bool("customStyling")
                            .displayName("Custom Styling")
                            .description("Whether to leave out the built-in table styles"))
                    .child(PropertySpec.string("caption").displayName("Caption"))
                    .child(PropertySpec.string("tableAttributes")
                            .displayName("Table Attributes")
                            .placeholder("e.g. style=\"padding:10px\""))
                    .child(PropertySpec.string("headerAttributes").displayName("Header Attributes"))
                    .child(PropertySpec.string("rowAttributes").displayName("Row Attributes"))
                    .child(PropertySpec.string("cellAttributes").displayName("Cell Attributes")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String op = ctx.param("operation", 0, String.class, "generateHtmlTemplate");
        double version = ctx.node().typeVersion();
        if (op.equals("convertToHtmlTable")) {
            return ctx.items().isEmpty()
                    ? NodeResult.empty()
                    : NodeResult.of(List.of(HtmlTable.build(ctx, ctx.items())));
        }
        return PerItem.map(ctx, (i, item) -> switch (op) {
            case "generateHtmlTemplate" -> List.of(template(ctx, i, item));
            case "extractHtmlContent" ->
                HtmlExtraction.extract(
                        ctx,
                        i,
                        item,
                        version >= 1.2 ? HtmlExtraction.TextMode.CONVERTED : HtmlExtraction.TextMode.RAW_OR_UNDEFINED,
                        version >= 1.1,
                        false);
            default ->
                throw NodeException.user(
                        "parameter 'operation': '" + op + "' is not supported (generateHtmlTemplate,"
                                + " extractHtmlContent, convertToHtmlTable)",
                        i);
        });
    }

    /**
     * Renders the template as n8n does: each {@code {{ … }}} is evaluated on its own and put in place of its first
     * occurrence by JavaScript's {@code String.replace}, so a value becomes {@code String(value)} (null "null", an
     * array "a,b", an object "[object Object]") and {@code $&}-style patterns in it are expanded.
     */
    private static Item template(NodeParameters ctx, int i, Item item) {
        JsonNode raw = ctx.rawParam("html");
        String html = raw == null ? TEMPLATE : Js.toString(raw, false);
        if (html.startsWith("=")) {
            html = Js.toString(ctx.evaluate(html, i), false);
        }
        List<String> resolvables = new ArrayList<>();
        Matcher m = RESOLVABLE.matcher(html);
        while (m.find()) {
            resolvables.add(m.group());
        }
        for (String r : resolvables) {
            String value = Js.toString(ctx.evaluate("=" + r, i), false);
            html = JsReplace.first(Pattern.compile(Pattern.quote(r)).matcher(html), html, value);
        }
        return new Item(Json.object().put("html", html), Map.of(), new PairedItem(i, 0));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
