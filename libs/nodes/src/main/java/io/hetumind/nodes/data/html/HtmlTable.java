package io.hetumind.nodes.data.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** HTML's "Convert to HTML Table": every input item becomes a row under the union of their keys. */
final class HtmlTable {

    private static final String TABLE_STYLE = "style='border-spacing:0; font-family:helvetica,arial,sans-serif'";
    private static final String HEADER_STYLE = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid"
            + " #eee; text-align:left; color:#888; font-weight:normal'";
    private static final String CELL_STYLE = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'";

    private HtmlTable() {}

    static Item build(NodeContext ctx, List<Item> items) {
        boolean custom = HtmlProperties.option(ctx, "customStyling", 0, Boolean.class, false);
        Set<String> headers = new LinkedHashSet<>();
        items.forEach(i -> i.json().fieldNames().forEachRemaining(headers::add));
        StringBuilder t = new StringBuilder();
        t.append("<table ")
                .append(custom ? "" : TABLE_STYLE)
                .append(' ')
                .append(HtmlProperties.option(ctx, "tableAttributes", 0, String.class, ""))
                .append('>');
        String caption = HtmlProperties.option(ctx, "caption", 0, String.class, "");
        if (!caption.isEmpty()) {
            t.append("<caption>").append(caption).append("</caption>");
        }
        t.append("<thead ")
                .append(custom ? "" : HEADER_STYLE)
                .append(' ')
                .append(HtmlProperties.option(ctx, "headerAttributes", 0, String.class, ""))
                .append("><tr>");
        boolean capitalize = HtmlProperties.option(ctx, "capitalize", 0, Boolean.class, false);
        for (String h : headers) {
            t.append("<th>").append(capitalize ? capitalize(h) : h).append("</th>");
        }
        t.append("</tr></thead><tbody>");
        for (int r = 0; r < items.size(); r++) {
            t.append("<tr  ")
                    .append(HtmlProperties.option(ctx, "rowAttributes", r, String.class, ""))
                    .append('>');
            String cellAttributes = HtmlProperties.option(ctx, "cellAttributes", r, String.class, "");
            for (String h : headers) {
                t.append("<td ")
                        .append(custom ? "" : CELL_STYLE)
                        .append(' ')
                        .append(cellAttributes)
                        .append('>');
                JsonNode v = items.get(r).json().get(h);
                if (v != null && v.isBoolean()) {
                    t.append("<input type=\"checkbox\" ")
                            .append(v.booleanValue() ? "checked=\"checked\"" : "")
                            .append("/>");
                } else {
                    t.append(Js.toString(v, false));
                }
                t.append("</td>");
            }
            t.append("</tr>");
        }
        t.append("</tbody></table>");
        // one table of every item: n8n pairs it with them all
        return Item.of(Json.object().put("table", t.toString())).pairedWithFirst(items.size());
    }

    /** {@code snake_case_header} → {@code Snake Case Header}. */
    static String capitalize(String header) {
        List<String> words = new ArrayList<>();
        for (String w : header.split("_")) {
            if (!w.isEmpty()) {
                words.add(Character.toUpperCase(w.charAt(0)) + w.substring(1));
            }
        }
        return String.join(" ", words);
    }
}
