package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Node-by-node difference of two runs in n8n's runData shape ({@code {"runData": {node: [run…]}}}, as recorded
 * from n8n by {@code scripts/n8n-diff} and as {@code hetumind run --json} prints it). Item JSON is compared with
 * {@link Compare#same} (key order ignored, 1 equals 1.0); binaries by their metadata; an error by its presence
 * and message. Pairing ({@code pairedItem}) is compared separately, so a run can be told apart as "same data,
 * different lineage".
 *
 * <p>Used by {@code N8nRecordedTest} and, through {@link #main}, by the dev tool {@code scripts/n8n-diff}; it
 * needs nothing but Jackson, so the tool runs it with Java's source launcher.
 */
public final class RunDiff {

    /** What differs: DATA (items, errors, which nodes ran) or PAIRING (only pairedItem). */
    public enum Kind {
        DATA,
        PAIRING
    }

    public record Difference(String node, Kind kind, String text) {
        @Override
        public String toString() {
            return "[" + node + "] " + (kind == Kind.PAIRING ? "pairedItem: " : "") + text;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunDiff() {}

    /**
     * Differences of {@code actual} from {@code expected}; both are a run object holding {@code runData}
     * (or a bare runData map). Empty when they agree.
     */
    public static List<Difference> diff(JsonNode expected, JsonNode actual) {
        if (expected.has("runData") && expected.get("runData").isNull()) {
            // n8n's CLI prints only the error of a failed run: the run must fail with the same message
            String e = expected.path("error").path("message").asText();
            JsonNode err = actual.path("error");
            String a = err.isObject() ? err.path("message").asText() : null;
            if (a == null) {
                return List.of(new Difference("(workflow)", Kind.DATA, "n8n failed (" + e + "), Hetumind did not"));
            }
            return a.equals(e)
                    ? List.of()
                    : List.of(new Difference(
                            "(workflow)", Kind.DATA, "error message: n8n '" + e + "', Hetumind '" + a + "'"));
        }
        JsonNode exp = runData(expected);
        JsonNode act = runData(actual);
        List<Difference> out = new ArrayList<>();
        Set<String> nodes = new LinkedHashSet<>();
        exp.fieldNames().forEachRemaining(nodes::add);
        act.fieldNames().forEachRemaining(nodes::add);
        for (String node : nodes) {
            JsonNode e = exp.get(node);
            JsonNode a = act.get(node);
            if (a == null) {
                out.add(new Difference(node, Kind.DATA, "ran in n8n, not in Hetumind"));
                continue;
            }
            if (e == null) {
                out.add(new Difference(node, Kind.DATA, "ran in Hetumind, not in n8n"));
                continue;
            }
            if (e.size() != a.size()) {
                out.add(new Difference(node, Kind.DATA, "n8n ran it " + e.size() + " times, Hetumind " + a.size()));
                continue;
            }
            for (int r = 0; r < e.size(); r++) {
                run(node, e.size() == 1 ? "" : "run " + r + ": ", e.get(r), a.get(r), out);
            }
        }
        return out;
    }

    private static void run(String node, String where, JsonNode e, JsonNode a, List<Difference> out) {
        String eError = errorMessage(e);
        String aError = errorMessage(a);
        if (eError != null || aError != null) {
            if (eError == null) {
                out.add(new Difference(node, Kind.DATA, where + "n8n succeeded, Hetumind failed: " + aError));
            } else if (aError == null) {
                out.add(new Difference(node, Kind.DATA, where + "n8n failed (" + eError + "), Hetumind succeeded"));
            } else if (!eError.equals(aError)) {
                out.add(new Difference(
                        node, Kind.DATA, where + "error message: n8n '" + eError + "', Hetumind '" + aError + "'"));
            }
            return;
        }
        JsonNode eMain = e.path("data").path("main");
        JsonNode aMain = a.path("data").path("main");
        int ports = Math.max(eMain.size(), aMain.size());
        for (int p = 0; p < ports; p++) {
            ArrayNode eItems = items(eMain.get(p));
            ArrayNode aItems = items(aMain.get(p));
            String at = where + (ports == 1 ? "" : "output " + p + ": ");
            ArrayNode eData = data(eItems);
            ArrayNode aData = data(aItems);
            if (!Compare.same(eData, aData)) {
                out.add(new Difference(node, Kind.DATA, at + describe(eData, aData)));
                continue;
            }
            ArrayNode ePairs = pairs(eItems);
            ArrayNode aPairs = pairs(aItems);
            if (!Compare.same(ePairs, aPairs)) {
                out.add(new Difference(node, Kind.PAIRING, at + "n8n " + ePairs + ", Hetumind " + aPairs));
            }
        }
    }

    private static String describe(ArrayNode e, ArrayNode a) {
        if (e.size() != a.size()) {
            return "n8n gave " + e.size() + " items, Hetumind " + a.size() + ": expected " + e + " got " + a;
        }
        for (int i = 0; i < e.size(); i++) {
            if (!Compare.same(e.get(i), a.get(i))) {
                return "item " + i + ": expected " + e.get(i) + " got " + a.get(i);
            }
        }
        return "expected " + e + " got " + a;
    }

    private static JsonNode runData(JsonNode run) {
        if (run == null || run.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (run.has("runData")) {
            return run.get("runData");
        }
        JsonNode n8n = run.path("data").path("resultData").path("runData");
        return n8n.isObject() ? n8n : run;
    }

    private static String errorMessage(JsonNode run) {
        JsonNode err = run.get("error");
        if (err == null || err.isNull()) {
            return null;
        }
        return err.path("message").asText("");
    }

    private static ArrayNode items(JsonNode port) {
        return port instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
    }

    /** Item JSON plus binary metadata (the stored id and the size's rendering differ by design). */
    private static ArrayNode data(ArrayNode items) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode i : items) {
            ObjectNode n = out.addObject();
            n.set("json", i.get("json"));
            JsonNode binary = i.get("binary");
            if (binary != null && binary.isObject() && !binary.isEmpty()) {
                ObjectNode bin = n.putObject("binary");
                binary.properties().forEach(b -> {
                    ObjectNode m = bin.putObject(b.getKey());
                    for (String k : List.of("mimeType", "fileName", "fileExtension", "fileType")) {
                        JsonNode v = b.getValue().get(k);
                        if (v != null && !v.isNull()) {
                            m.set(k, v);
                        }
                    }
                });
            }
        }
        return out;
    }

    /** pairedItem in one form: a list of {item, input} (n8n writes an object, an array or a bare index). */
    private static ArrayNode pairs(ArrayNode items) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode i : items) {
            ArrayNode list = out.addArray();
            JsonNode p = i.get("pairedItem");
            if (p == null || p.isNull()) {
                continue;
            }
            for (JsonNode one :
                    p.isArray() ? p : JsonNodeFactory.instance.arrayNode().add(p)) {
                ObjectNode o = list.addObject();
                o.put("item", one.isNumber() ? one.asInt() : one.path("item").asInt());
                o.put("input", one.path("input").asInt(0));
            }
        }
        return out;
    }

    /**
     * {@code java RunDiff.java EXPECTED ACTUAL}: prints the differences node by node, exits 1 when the data
     * differs (pairing alone: 0, reported).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RunDiff <n8n run.json> <hetumind run.json>");
            System.exit(2);
        }
        JsonNode expected = MAPPER.readTree(Files.readString(Path.of(args[0])));
        JsonNode actual = MAPPER.readTree(Files.readString(Path.of(args[1])));
        List<Difference> diffs = diff(expected, actual);
        JsonNode exp = runData(expected);
        int nodes = exp.size();
        long data = diffs.stream().filter(d -> d.kind() == Kind.DATA).count();
        for (Difference d : diffs) {
            System.out.println("  " + (d.kind() == Kind.DATA ? "DIFF " : "PAIR ") + d);
        }
        System.out.println("  " + nodes + " nodes: " + (data == 0 ? "same data" : data + " data differences")
                + (diffs.size() > data ? ", " + (diffs.size() - data) + " pairing differences" : ""));
        System.exit(data == 0 ? 0 : 1);
    }
}
