package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.CodeBinding;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.nodes.code.JsRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Sort's {@code code} type: the user's compare function body over {@code a} and {@code b}, run in the Code sandbox. */
final class SortCode {

    private static final Pattern RETURN = Pattern.compile("\\breturn\\b");

    /** n8n gives the sort no separate limit; the Code node's default bounds a runaway compare. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SortCode() {}

    /** {@code items} (already carrying their paired items) in the order the compare function gives. */
    static List<Item> sort(NodeContext ctx, List<Item> items) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Sort (code)");
        String code = ctx.param("code", 0, String.class, "");
        if (!RETURN.matcher(code).find()) {
            throw NodeException.user("Sort code doesn't return. Please add a 'return' statement to your code", 0);
        }
        // n8n runs `items.sort((a, b) => { code })`; sorting indices keeps each item's binary and lineage
        String source = "var __order = items.map(function (item, index) { return {item: item, index: index}; });\n"
                + "var __compare = function (a, b) {\n" + code + "\n};\n"
                + "__order.sort(function (x, y) { return __compare(x.item, y.item); });\n"
                + "return __order.map(function (e) { return e.index; });";
        JsonNode order = JsRunner.compile(ctx, source, "code", TIMEOUT).run(0, Set.of(CodeBinding.ITEMS));
        if (order == null || !order.isArray() || order.size() != items.size()) {
            throw NodeException.user("Sort code did not produce an order for every item", 0);
        }
        List<Item> out = new ArrayList<>();
        for (JsonNode i : order) {
            out.add(items.get(i.asInt()));
        }
        return out;
    }
}
