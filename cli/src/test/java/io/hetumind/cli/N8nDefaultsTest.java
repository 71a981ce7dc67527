package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every parameter default of every node type, at every version n8n has, against n8n 2.8's own (recorded by {@code
 * scripts/n8n-diff/defaults.py} in {@code n8n-defaults.json}). n8n exports leave out parameters left at their default,
 * so a default of ours that differs from n8n's silently changes what an imported workflow does. A parameter both sides
 * declare must take n8n's default (one of n8n's, where another parameter decides which one shows); the differences
 * that are meant are in {@link #KNOWN}, each with its reason, and one that no longer differs fails too, so the list
 * stays true.
 */
class N8nDefaultsTest {

    /** {@code <n8n type>@<version>:<parameter>} (or {@code <n8n type>:<parameter>} for every version) → why. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            // n8n's editor starts these lists with one empty row (or a sample); a workflow that leaves the row empty
            // has no field to work on either way, and ours start empty
            placeholder("n8n-nodes-base.aggregate:fieldsToAggregate"),
            placeholder("n8n-nodes-base.itemLists:fieldsToAggregate"),
            placeholder("n8n-nodes-base.html:extractionValues"),
            placeholder("n8n-nodes-base.htmlExtract:extractionValues"),
            placeholder("n8n-nodes-base.httpRequest:bodyParameters"),
            placeholder("n8n-nodes-base.httpRequest:headerParameters"),
            placeholder("n8n-nodes-base.httpRequest:queryParameters"),
            placeholder("n8n-nodes-base.merge:mergeByFields"),
            placeholder("n8n-nodes-base.switch:rules"),
            placeholder("@n8n/n8n-nodes-langchain.toolHttpRequest:parametersBody"),
            placeholder("@n8n/n8n-nodes-langchain.toolHttpRequest:parametersHeaders"),
            placeholder("@n8n/n8n-nodes-langchain.toolHttpRequest:parametersQuery"),
            placeholder("@n8n/n8n-nodes-langchain.toolHttpRequest:placeholderDefinitions"),
            placeholder("@n8n/n8n-nodes-langchain.toolWorkflow:workflowJson"),
            // a resource mapper's empty value: n8n {mappingMode: defineBelow, value: null}, ours {}; no column either
            // way
            Map.entry("n8n-nodes-base.executeWorkflow:workflowInputs", "resource mapper left empty"),
            Map.entry("n8n-nodes-base.postgres:columns", "resource mapper left empty"),
            Map.entry("@n8n/n8n-nodes-langchain.toolWorkflow:workflowInputs", "resource mapper left empty"),
            // a choice n8n leaves unset ('', which fails when the node runs); a descriptor's default is one of its
            // options (DescriptorCheck), so ours starts on the common one
            Map.entry("n8n-nodes-base.crypto:algorithm", "n8n leaves the signing digest unset; ours RSA-SHA256"),
            // a number parameter whose default is '' (our DescriptorCheck wants a number): the node reads a value
            // left out as empty, as n8n does ("The `Value to Dedupe` On is empty")
            Map.entry("n8n-nodes-base.removeDuplicates:incrementalDedupeValue", "a number n8n leaves empty"),
            Map.entry("n8n-nodes-base.httpRequest:genericAuthType", "n8n leaves the credential type unset"),
            Map.entry(
                    "@n8n/n8n-nodes-langchain.toolHttpRequest:genericAuthType", "n8n leaves the credential type unset"),
            Map.entry("n8n-nodes-base.compression:outputFormat", "n8n leaves the format unset (''), ours null"),
            Map.entry("n8n-nodes-base.localFileTrigger:triggerOn", "n8n leaves file or folder unset (''), ours null"),
            Map.entry(
                    "n8n-nodes-base.httpRequest:inputDataFieldName",
                    "n8n starts the binary field empty (a required field the user fills); ours names n8n's usual 'data'"),
            // code the designer puts in a new node: n8n's editor writes its sample into a new Code node, so n8n
            // exports carry the code; one that leaves it out had its code emptied
            Map.entry("n8n-nodes-base.code:jsCode", "the designer's sample for a new node"),
            Map.entry("n8n-nodes-base.code:pythonCode", "the designer's sample for a new node"),
            // the same statements as n8n's samples, with our own comments or whitespace: what runs is the same
            Map.entry("n8n-nodes-base.function:functionCode", "n8n's statements, our comments"),
            Map.entry("n8n-nodes-base.functionItem:functionCode", "n8n's statements, our comments"),
            Map.entry("n8n-nodes-base.itemLists:code", "n8n's statements, other whitespace"),
            Map.entry("n8n-nodes-base.sort:code", "n8n's statements, other whitespace"),
            Map.entry("@n8n/n8n-nodes-langchain.toolCode:jsCode", "n8n's statement, our comment"),
            Map.entry("n8n-nodes-base.stickyNote:content", "shown only, never run; ours links no n8n guide"),
            // n8n shows no Text for the automatic and guardrails prompts before these versions and reads the input's
            // chatInput / guardrailsInput itself; ours declares those same expressions as the prompts' Text
            Map.entry("@n8n/n8n-nodes-langchain.agent@1.3:text", "prompt read from the input, as a Text default"),
            Map.entry("@n8n/n8n-nodes-langchain.agent@1.4:text", "prompt read from the input, as a Text default"),
            Map.entry("@n8n/n8n-nodes-langchain.agent@1.5:text", "prompt read from the input, as a Text default"),
            Map.entry("@n8n/n8n-nodes-langchain.agent@1.6:text", "prompt read from the input, as a Text default"),
            Map.entry("@n8n/n8n-nodes-langchain.chainLlm@1.4:text", "prompt read from the input, as a Text default"),
            Map.entry(
                    "@n8n/n8n-nodes-langchain.chainRetrievalQa@1.3:text",
                    "prompt read from the input, as a Text default"),
            // Switch in expression mode: n8n's output index is empty ('' / '={{}}', which fails the item); ours 0
            Map.entry("n8n-nodes-base.switch:output", "an unset output index: n8n fails, ours takes output 0"));

    private static Map.Entry<String, String> placeholder(String key) {
        return Map.entry(key, "n8n's editor starts the list with an empty row or sample; ours starts empty");
    }

    @Test
    void everyDefaultIsN8nsAtEveryVersion() throws IOException {
        JsonNode recorded;
        try (InputStream in = N8nDefaultsTest.class.getResourceAsStream("/n8n-defaults.json")) {
            recorded = Json.reader().readTree(in);
        }
        NodeRegistry registry = NodeRegistry.load();
        Map<String, String> differences = new TreeMap<>();
        List<String> missingVersions = new ArrayList<>();
        int compared = 0;
        for (var type : recorded.path("types").properties()) {
            String alias = type.getKey();
            NodeType ours = registry.find(alias).orElse(null);
            if (ours == null) {
                continue; // a tool variant or a type this build lacks: the registry tests say which exist
            }
            ObjectNode descriptor = DescriptorJson.write(ours.descriptor());
            for (var version : type.getValue().properties()) {
                double v = Double.parseDouble(version.getKey());
                if (!contains(descriptor.path("versions"), v)) {
                    missingVersions.add(alias + "@" + version.getKey());
                    continue;
                }
                Map<String, List<JsonNode>> mine = defaults(descriptor, v);
                for (var param : version.getValue().properties()) {
                    List<JsonNode> our = mine.get(param.getKey());
                    if (our == null) {
                        continue; // a parameter we do not declare: the descriptor walk covers what nodes read
                    }
                    compared++;
                    List<JsonNode> theirs = new ArrayList<>();
                    param.getValue().forEach(theirs::add);
                    // one default: ours is it; several (another parameter picks one, or an entry never shows at
                    // that version): each of ours is one of them
                    if (theirs.size() == 1 ? !sameSet(our, theirs) : !subset(our, theirs)) {
                        differences.put(
                                alias + "@" + version.getKey() + ":" + param.getKey(),
                                "n8n " + theirs + ", ours " + our);
                    }
                }
            }
        }
        Map<String, String> unexplained = new LinkedHashMap<>();
        differences.forEach((key, what) -> {
            if (!KNOWN.containsKey(key) && !KNOWN.containsKey(anyVersion(key))) {
                unexplained.put(key, what);
            }
        });
        List<String> stale = new ArrayList<>();
        for (String known : KNOWN.keySet()) {
            boolean differs = differences.keySet().stream()
                    .anyMatch(k -> k.equals(known) || anyVersion(k).equals(known));
            if (!differs) {
                stale.add(known);
            }
        }
        System.out.printf(
                "n8n defaults: %d parameter defaults compared over %d n8n types (%s), %d known differences%n",
                compared,
                recorded.path("types").size(),
                recorded.path("recordedFrom").asText(),
                KNOWN.size());
        assertThat(compared).as("parameters compared").isGreaterThan(1000);
        assertThat(unexplained).as("defaults that differ from n8n 2.8's").isEmpty();
        assertThat(stale).as("known differences that no longer differ").isEmpty();
        assertThat(missingVersions).as("n8n versions we lack").isEmpty();
    }

    /** {@code <type>@<version>:<parameter>} as a {@link #KNOWN} key for every version: {@code <type>:<parameter>}. */
    private static String anyVersion(String key) {
        return key.replaceFirst("@[0-9.]+:", ":");
    }

    /** Each parameter's distinct defaults among its entries shown at version {@code v}. */
    private static Map<String, List<JsonNode>> defaults(JsonNode descriptor, double v) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (JsonNode p : descriptor.path("properties")) {
            if (!p.has("default") || !shownAt(p, v)) {
                continue;
            }
            List<JsonNode> seen = out.computeIfAbsent(p.path("name").asText(), k -> new ArrayList<>());
            if (seen.stream().noneMatch(d -> same(d, p.get("default")))) {
                seen.add(p.get("default"));
            }
        }
        return out;
    }

    private static boolean shownAt(JsonNode p, double v) {
        JsonNode shown = p.path("showWhen").path("@version");
        JsonNode hidden = p.path("hideWhen").path("@version");
        if (shown.isArray() && !contains(shown, v)) {
            return false;
        }
        return !(hidden.isArray() && contains(hidden, v));
    }

    private static boolean contains(JsonNode versions, double v) {
        for (JsonNode x : versions) {
            if (x.asDouble() == v) {
                return true;
            }
        }
        return false;
    }

    private static boolean subset(List<JsonNode> a, List<JsonNode> b) {
        return a.stream().allMatch(x -> b.stream().anyMatch(y -> same(x, y)));
    }

    private static boolean sameSet(List<JsonNode> a, List<JsonNode> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> same(x, y)));
    }

    /** JSON equality with numbers by value (n8n's 1 is our 1.0) and object keys in any order. */
    static boolean same(JsonNode a, JsonNode b) {
        // a resource locator is its value (n8n's {mode, value, cachedResultName}, ours {__rl, mode, value}; a
        // plain value where one side has no locator)
        if (isLocator(a) || isLocator(b)) {
            return same(isLocator(a) ? a.get("value") : a, isLocator(b) ? b.get("value") : b);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (!new TreeSet<>(names(a)).equals(new TreeSet<>(names(b)))) {
                return false;
            }
            for (String k : names(a)) {
                if (!same(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isLocator(JsonNode n) {
        return n.isObject() && n.has("mode") && n.has("value");
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
