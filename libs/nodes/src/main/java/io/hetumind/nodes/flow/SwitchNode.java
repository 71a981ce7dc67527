package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.FilterConditions;
import io.hetumind.nodes.internal.LegacyConditions;
import java.util.ArrayList;
import java.util.List;

/** Switch: routes each item to the output of its first (or every) matching rule, or by an expression. */
public final class SwitchNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = SwitchDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        double version = ctx.node().typeVersion();
        int count = DESCRIPTOR.outputs(ctx.node()).size();
        List<List<Item>> ports = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            ports.add(new ArrayList<>());
        }
        boolean expression = "expression".equals(ctx.param("mode", 0, String.class, "rules"));
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i).withPairedItem(i);
            List<Integer> targets = expression
                    ? List.of(ctx.param("output", i, Integer.class, 0))
                    : version >= 3 ? rulesV3(ctx, i, count) : rulesV1(ctx, i, version, count);
            for (int t : targets) {
                if (t < 0 || t >= count) {
                    throw outOfRange(version, t, count, i);
                }
                ports.get(t).add(item);
            }
        }
        return NodeResult.ports(ports);
    }

    /**
     * n8n's {@code checkIndexRange}, with its wording (and its "ouput" typo, which users see and search for): v1 and
     * v2 name the allowed range in the message; v3 moves it to the description, and for the index one past the last
     * output points at zero-based numbering.
     */
    private static NodeException outOfRange(double version, int output, int count, int item) {
        if (version < 3) {
            return NodeException.user(
                    "The ouput " + output + " is not allowed. It has to be between 0 and " + (count - 1) + "!", item);
        }
        String description = output == count
                ? "Output indexes are zero based, if you want to use the extra output use " + (output - 1)
                : "It has to be between 0 and " + (count - 1);
        return new NodeException(
                io.hetumind.core.spi.ErrorKind.USER,
                "The ouput " + output + " is not allowed" + (output == count ? ". " : ""),
                item,
                description,
                null);
    }

    private static List<Integer> rulesV3(NodeContext ctx, int i, int count) {
        JsonNode rules = ctx.paramTree("rules", i);
        JsonNode raw = ctx.rawParam("rules");
        boolean all = ctx.param("options.allMatchingOutputs", i, Boolean.class, false);
        boolean loose = ctx.param("looseTypeValidation", i, Boolean.class, false)
                || ctx.param("options.looseTypeValidation", i, Boolean.class, false);
        Boolean ignoreCase = ctx.param("options.ignoreCase", i, Boolean.class, null);
        List<Integer> out = new ArrayList<>();
        JsonNode values = rules == null ? null : rules.path("values");
        for (int r = 0; values != null && r < values.size(); r++) {
            JsonNode rawRule = raw == null ? null : raw.path("values").path(r).path("conditions");
            if (FilterConditions.evaluate(
                    values.get(r).path("conditions"), rawRule, i, loose, ignoreCase, ctx.zone())) {
                out.add(r);
                if (!all) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            String fallback = ctx.param("options.fallbackOutput", i, String.class, "none");
            if (fallback.equals("extra")) {
                out.add(count - 1);
            } else if (!fallback.equals("none") && !fallback.isBlank()) {
                out.add((int) Double.parseDouble(fallback));
            }
        }
        return out;
    }

    /**
     * Legacy rules (v1, v2), as SwitchV1/SwitchV2.node.ts: the first rule that holds routes the item. v1 sends it to
     * the rule's {@code output}; v2 has one output per rule and sends it to the rule's own position, after checking
     * that the rule's {@code output} is a valid index all the same. The data type is read from the first item.
     */
    private static List<Integer> rulesV1(NodeContext ctx, int i, double version, int count) {
        String type = ctx.param("dataType", 0, String.class, "number");
        JsonNode value1 = ctx.paramTree("value1", i);
        JsonNode rules = ctx.paramTree("rules", i);
        JsonNode list = rules == null ? null : rules.path("rules");
        for (int r = 0; list != null && r < list.size(); r++) {
            JsonNode rule = list.get(r);
            String op = rule.path("operation").asText(type.equals("dateTime") ? "after" : "equal");
            JsonNode value2 = rule.has("value2") ? rule.get("value2") : typeDefault(type);
            if (LegacyConditions.compare(
                    type, op, value1 == null ? typeDefault(type) : value1, value2, i, ctx.zone())) {
                int output = rule.path("output").asInt(0);
                if (version < 2) {
                    return List.of(output);
                }
                if (output < 0 || output >= count) {
                    throw outOfRange(version, output, count, i);
                }
                return List.of(r);
            }
        }
        int fallback = ctx.param("fallbackOutput", i, Integer.class, -1);
        return fallback < 0 ? List.of() : List.of(fallback);
    }

    static JsonNode typeDefault(String type) {
        return switch (type) {
            case "boolean" -> Json.F.booleanNode(false);
            case "number" -> Json.F.numberNode(0);
            default -> Json.F.textNode("");
        };
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
