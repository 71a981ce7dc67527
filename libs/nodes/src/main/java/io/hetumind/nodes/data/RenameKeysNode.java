package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.BoundedMatch;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.JsReplace;
import io.hetumind.nodes.internal.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Rename Keys: renames fields by path, and optionally every key matching a regular expression. */
public final class RenameKeysNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.renameKeys")
            .versions(1)
            .displayName("Rename Keys")
            .description("Updates item field names")
            .group(NodeGroup.DATA)
            .icon("edit")
            .alias("n8n-nodes-base.renameKeys")
            .property(PropertySpec.fixedCollection("keys")
                    .displayName("Keys")
                    .description("Dot notation reaches nested fields")
                    .multipleValues()
                    .addButtonText("Add new key")
                    .child(PropertySpec.collection("key")
                            .displayName("Key")
                            .child(PropertySpec.string("currentKey")
                                    .displayName("Current Key Name")
                                    .placeholder("currentKey"))
                            .child(PropertySpec.string("newKey")
                                    .displayName("New Key Name")
                                    .placeholder("newKey"))))
            .property(PropertySpec.collection("additionalOptions")
                    .displayName("Additional Options")
                    .child(PropertySpec.fixedCollection("regexReplacement")
                            .displayName("Regex")
                            .multipleValues()
                            .child(PropertySpec.collection("replacements")
                                    .displayName("Replacement")
                                    .child(PropertySpec.string("searchRegex")
                                            .displayName("Regular Expression")
                                            .placeholder("e.g. [N-n]ame"))
                                    .child(PropertySpec.string("replaceRegex")
                                            .displayName("Replace With")
                                            .placeholder("replacedName"))
                                    .child(PropertySpec.collection("options")
                                            .displayName("Options")
                                            .child(PropertySpec.bool("caseInsensitive")
                                                    .displayName("Case Insensitive"))
                                            .child(PropertySpec.number("depth")
                                                    .displayName("Max Depth")
                                                    .defaultValue(-1)
                                                    .minValue(-1)
                                                    .description("-1 renames at every level, 0 only top-level"))))))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item in = items.get(i);
            ObjectNode json = in.json().deepCopy();
            JsonNode keys = ctx.paramTree("keys", i);
            for (JsonNode k : keys == null ? Json.array() : keys.path("key")) {
                String from = Js.toString(k.path("currentKey"), true);
                String to = Js.toString(k.path("newKey"), true);
                if (k.path("currentKey").isMissingNode() || from.isEmpty() || to.isEmpty() || from.equals(to)) {
                    continue;
                }
                JsonNode v = JsonPaths.get(in.json(), from);
                if (v != null) {
                    JsonPaths.set(json, to, v.deepCopy(), true);
                    JsonPaths.unset(json, from, true);
                }
            }
            JsonNode regex = ctx.paramTree("additionalOptions.regexReplacement", i);
            for (JsonNode r : regex == null ? Json.array() : regex.path("replacements")) {
                JsonNode o = r.path("options");
                String search = r.path("searchRegex").asText("");
                // n8n builds new RegExp(searchRegex, caseInsensitive ? 'i' : undefined): the text is the pattern
                // itself, a "/…/flags" literal is not read as one
                Pattern p = pattern(search, o.path("caseInsensitive").asBoolean(false), i);
                try {
                    rename(
                            json,
                            p,
                            r.path("replaceRegex").asText(""),
                            o.path("depth").asInt(-1));
                } catch (BoundedMatch.BudgetExceeded | StackOverflowError e) {
                    // n8n refuses such patterns up front; here the key that sets off the backtracking (or the
                    // recursion java.util.regex needs for a repeated alternation over a long key) does
                    throw NodeException.user(
                            "Regex pattern \"" + search + "\" may cause performance issues. Please try a simpler"
                                    + " pattern like \"[a-z]+\" or \"\\w+\". ",
                            i);
                }
            }
            out.add(new Item(json, in.binary(), null).withPairedItem(i));
        }
        return NodeResult.of(out);
    }

    private static void rename(JsonNode node, Pattern p, String replacement, int depth) {
        if (node.isArray()) {
            if (depth != 0) {
                node.forEach(e -> rename(e, p, replacement, depth - 1));
            }
            return;
        }
        if (!(node instanceof ObjectNode obj)) {
            return;
        }
        List<String> names = new ArrayList<>();
        obj.fieldNames().forEachRemaining(names::add);
        for (String key : names) {
            JsonNode child = obj.get(key);
            if (child.isContainerNode() && depth != 0) {
                rename(child, p, replacement, depth - 1);
            }
            Matcher m = BoundedMatch.matcher(p, key);
            if (m.find()) {
                // key.replace(regex, replaceRegex): the first match, with JavaScript's replacement patterns
                String newKey = key.substring(0, m.start())
                        + JsReplace.substitution(m, key, replacement)
                        + key.substring(m.end());
                if (!newKey.equals(key)) {
                    obj.remove(key);
                    obj.set(newKey, child);
                }
            }
        }
    }

    private static Pattern pattern(String search, boolean ignoreCase, int item) {
        try {
            return Pattern.compile(search, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw NodeException.user(
                    "Invalid regular expression: /" + search + "/: " + e.getDescription() + " [item " + item + "]",
                    item);
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
