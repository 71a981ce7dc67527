package io.hetumind.nodes.flow.merge;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;

/** Merge: appends, joins by fields, by position or as a cross product, or chooses one input (v1: legacy modes). */
public final class MergeNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = MergeDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        double version = ctx.node().typeVersion();
        List<List<Item>> inputs = new ArrayList<>();
        for (int k = 0; k < Math.max(2, ctx.inputCount()); k++) {
            List<Item> in = ctx.input(k);
            List<Item> tagged = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                Item it = in.get(i);
                tagged.add(new Item(it.json(), it.binary(), new PairedItem(i, k)));
            }
            inputs.add(tagged);
        }
        if (version < 2) {
            return NodeResult.of(MergeV1.run(ctx, inputs.get(0), inputs.get(1)));
        }
        String mode = ctx.param("mode", 0, String.class, "append");
        JsonNode options = orEmpty(ctx.paramTree("options", 0));
        List<Item> out =
                switch (mode) {
                    case "append" -> {
                        List<Item> all = new ArrayList<>();
                        inputs.forEach(all::addAll);
                        yield all;
                    }
                    case "combine" -> combine(ctx, version, inputs, options);
                    case "chooseBranch" -> chooseBranch(ctx, version, inputs);
                    default ->
                        throw NodeException.user(
                                "parameter 'mode': '" + mode + "' is not supported (append, combine, chooseBranch)", 0);
                };
        return NodeResult.of(out);
    }

    private static List<Item> combine(NodeContext ctx, double version, List<List<Item>> inputs, JsonNode opts) {
        List<Item> in1 = inputs.get(0);
        List<Item> in2 = inputs.get(1);
        String by = version >= 3
                ? ctx.param("combineBy", 0, String.class, "combineByFields")
                : ctx.param("combinationMode", 0, String.class, "mergeByFields");
        JsonNode clash = opts.path("clashHandling").path("values");
        return switch (by) {
            case "combineByFields", "mergeByFields" -> {
                String joinMode = ctx.param("joinMode", 0, String.class, "keepMatches");
                String from = ctx.param("outputDataFrom", 0, String.class, "both");
                yield new MergeByFields(fields(ctx, version), opts).run(in1, in2, joinMode, from, version);
            }
            case "combineByPosition", "mergeByPosition" -> {
                // Merge v2/v2.1 (MergeV2.node.ts): when either input is empty it outputs the other input's items
                // as they are, before clash handling and whatever includeUnpaired says; v3 outputs nothing then
                // unless unpaired items are included.
                if (version < 3 && (in1.isEmpty() || in2.isEmpty())) {
                    List<Item> either = new ArrayList<>(in1);
                    either.addAll(in2);
                    yield either;
                }
                yield version >= 3
                        ? MergeCombine.byPositionV3(
                                inputs, clash, opts.path("includeUnpaired").asBoolean(false))
                        : MergeCombine.byPosition(
                                in1, in2, clash, opts.path("includeUnpaired").asBoolean(false));
            }
            case "combineAll", "multiplex" -> MergeCombine.all(in1, in2, clash);
            default -> throw NodeException.user("parameter 'combineBy': unknown value '" + by + "'", 0);
        };
    }

    private static List<MergeByFields.FieldPair> fields(NodeParameters ctx, double version) {
        List<MergeByFields.FieldPair> pairs = new ArrayList<>();
        if (version >= 3 && !ctx.param("advanced", 0, Boolean.class, false)) {
            for (String f :
                    ctx.param("fieldsToMatchString", 0, String.class, "").split(",")) {
                if (!f.isBlank()) {
                    pairs.add(new MergeByFields.FieldPair(f.trim(), f.trim()));
                }
            }
            return pairs;
        }
        JsonNode values = orEmpty(ctx.paramTree("mergeByFields", 0)).path("values");
        for (JsonNode v : values) {
            String f1 = v.path("field1").asText("");
            String f2 = v.path("field2").asText("");
            if (f1.isBlank() || f2.isBlank()) {
                throw NodeException.user("parameter 'mergeByFields': every pair needs 'field1' and 'field2'", 0);
            }
            pairs.add(new MergeByFields.FieldPair(f1, f2));
        }
        return pairs;
    }

    private static List<Item> chooseBranch(NodeParameters ctx, double version, List<List<Item>> inputs) {
        // The descriptor default is v2's; v3 defaults to "specifiedInput".
        String output = ctx.rawParam("output") == null && version >= 3
                ? "specifiedInput"
                : ctx.param("output", 0, String.class, "input1");
        return switch (output) {
            case "input1" -> inputs.get(0);
            case "input2" -> inputs.get(1);
            case "specifiedInput" -> {
                int n = ctx.param("useDataOfInput", 0, Integer.class, 1);
                if (n < 1 || n > inputs.size()) {
                    throw NodeException.user(
                            "parameter 'useDataOfInput': input " + n + " does not exist (1–" + inputs.size() + ")", 0);
                }
                yield inputs.get(n - 1);
            }
            case "empty" -> {
                // n8n pairs the empty item with every item of inputs 1 and 2
                List<PairedItem> all = new ArrayList<>();
                for (int k = 0; k < Math.min(2, inputs.size()); k++) {
                    for (Item it : inputs.get(k)) {
                        all.addAll(it.pairedItems());
                    }
                }
                yield List.of(new Item(Json.object(), null, null, all.isEmpty() ? Item.NO_PAIRS : all));
            }
            default -> throw NodeException.user("parameter 'output': unknown value '" + output + "'", 0);
        };
    }

    static JsonNode orEmpty(JsonNode n) {
        return n == null || n.isNull() ? Json.object() : n;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
