package io.hetumind.nodes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.files.FilesDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays every workflow of {@code src/test/resources/n8n-recorded} through Hetumind and compares its run data,
 * node by node ({@link RunDiff}), with what real n8n produced for it ({@code <name>.n8n.json} beside the workflow,
 * recorded with {@code scripts/n8n-diff}; n8n is not needed here). A workflow without a recording fails; a
 * difference fails unless the workflow is listed in {@link #KNOWN_FAILURES} with its reason.
 */
public class N8nRecordedTest {

    private static final String HTML_TO_MARKDOWN =
            "node-html-markdown's layout: a nested list is indented 3 spaces and is not followed by a blank line, <ol start> is ignored, fenced code keeps its last newline, table columns are padded to their width, text-node whitespace is kept";
    private static final String MARKDOWN_TO_HTML =
            "showdown's parser: a sub-list needs 4 spaces of indent, intraword _ is emphasis, blockquote paragraphs are indented by 2, prefixHeaderId loses non-alphanumerics";

    private static final String MULTIPLE_MATCHES =
            "n8n pairs an output item with several input items (a pairedItem array) and $('Node').item then fails"
                    + " with 'Multiple matches found'; Hetumind's Item holds one pairing";

    private static final String SOURCE_OVERWRITE = "n8n's Loop Over Items v3 pairs a later batch with sourceOverwrite"
            + " (the first run's input), so $('Data').item in the loop reaches Data; Hetumind's PairedItem has no"
            + " source, so it follows the loop-back";

    /** Recorded workflows whose Hetumind run differs from n8n today, and why. Remove an entry once it passes. */
    static final Map<String, String> KNOWN_FAILURES = Map.ofEntries(
            // n8n resolves a missing "constructor" through the object prototype and passes the item on; Hetumind
            // never reads prototypes (the safe behaviour) and drops the item as having no such field.
            Map.entry(
                    "SplitOut/constructor-path.json",
                    "n8n reads Object.prototype.constructor for a missing field; Hetumind does not read prototypes"),
            Map.entry(
                    "ConvertToFile/html-table.json",
                    "SheetJS's HTML bytes differ: null cells are data-t=\"z\" stubs, booleans have data-v true/false, numbers show General text (1E+21), strings with edge spaces get xml:space, and data-v is written unescaped (not copied: attribute injection)"),
            Map.entry(
                    "Crypto/v2-hash-default-params.json",
                    "n8n's error says 'Received undefined' for an expression that resolves to undefined; a Hetumind parameter tree cannot tell undefined from null"),
            Map.entry(
                    "ExtractFromFile/text-encodings.json",
                    "without an encoding n8n guesses one (detectBinaryEncoding, chardet) and reads these Latin-1 bytes as an East Asian charset; Hetumind reads UTF-8"),
            Map.entry(
                    "Xml/xml-to-json-normalize-trim-root.json",
                    "with explicitRoot off a text-only root gives a string as the item's JSON; a Hetumind item's JSON is always an object"),
            Map.entry("Markdown/html-to-md-default.json", HTML_TO_MARKDOWN),
            Map.entry("Markdown/html-to-md-delimiters.json", HTML_TO_MARKDOWN),
            Map.entry("Markdown/html-to-md-escapes.json", HTML_TO_MARKDOWN),
            Map.entry("Markdown/html-to-md-ignore-block-indented.json", HTML_TO_MARKDOWN),
            Map.entry("Markdown/html-to-md-text-replace.json", HTML_TO_MARKDOWN),
            Map.entry("Markdown/md-to-html-default.json", MARKDOWN_TO_HTML),
            Map.entry("Markdown/md-to-html-github-options.json", MARKDOWN_TO_HTML),
            Map.entry("Markdown/md-to-html-header-options.json", MARKDOWN_TO_HTML),
            Map.entry("Markdown/md-to-html-no-header-id.json", MARKDOWN_TO_HTML),
            Map.entry("Markdown/round-trip.json", MARKDOWN_TO_HTML),
            // Several pairings per item (Aggregate, Summarize, Merge combine, a Code item pairing [{item:0},{item:1}])
            Map.entry("Aggregate/then-item-reference-multiple.json", MULTIPLE_MATCHES),
            Map.entry("Summarize/then-item-reference-paired.json", MULTIPLE_MATCHES),
            Map.entry("Code/all-items-with-paired-item.json", MULTIPLE_MATCHES),
            Map.entry(
                    "Merge/v3_2-by-fields-then-item-references.json",
                    MULTIPLE_MATCHES + " (a combined item pairs input 1 too, which $('Right').item follows)"),
            Map.entry(
                    "Merge/v3_2-append-then-item-references.json",
                    "n8n gives no value for $('Right').item on an item whose pairing leads through the other input;"
                            + " Hetumind fails the expression"),
            Map.entry(
                    "Merge/v3_2-append-three-inputs.json",
                    "n8n gives no value for $('C').item on an item from input A; Hetumind falls back to the item of"
                            + " the same index"),
            Map.entry(
                    "Code/all-items-new-without-paired-fewer.json",
                    "n8n fails $('Data').item through an unpaired item ('Paired item data for item from node"
                            + " 'Transform' is unavailable'); Hetumind falls back to the item of the same index"),
            Map.entry(
                    "Merge/v3_2-by-fields-keep-matches-first.json",
                    "n8n 2.8.4 with multipleMatches 'first' outputs empty items with pairedItem []; not yet traced"),
            Map.entry(
                    "EditFields/v3_4-raw-json-include-other-bad-json.json",
                    "n8n repairs malformed JSON Output (jsonParse with repairJSON, the jsonrepair library); Hetumind"
                            + " rejects it"),
            // Loop Over Items v3 pairs later batches with sourceOverwrite (the first run's input source)
            Map.entry("SplitInBatches/v3-loop-batch-1-item-references.json", SOURCE_OVERWRITE),
            Map.entry("SplitInBatches/v3-loop-batch-2-item-references.json", SOURCE_OVERWRITE),
            Map.entry("SplitInBatches/v3-loop-code-new-items.json", SOURCE_OVERWRITE),
            Map.entry(
                    "SplitInBatches/v3-loop-if-inside.json",
                    "both If branches feed the loop back: n8n runs Loop Over Items 6 times, Hetumind 8"));

    /**
     * Nodes whose items n8n pairs with several input items at once where Hetumind's do not yet (a merged item with both
     * inputs): those differences are reported. Any other fails the test.
     */
    private static final Set<String> MULTI_PAIRING = Set.of("merge", "compareDatasets");

    /** Node types that only feed data into the nodes under test; not counted as covered operations. */
    private static final List<String> FEEDERS = List.of("n8n-nodes-base.manualTrigger", "n8n-nodes-base.code");

    @Test
    public void replaysEveryRecordedWorkflow() throws IOException {
        Path root = Path.of("src/test/resources/n8n-recorded");
        assertThat(root).as("the recorded corpus").isDirectory();
        List<Path> workflows;
        try (Stream<Path> s = Files.walk(root)) {
            workflows = s.filter(
                            p -> p.toString().endsWith(".json") && !p.toString().endsWith(".n8n.json"))
                    .sorted()
                    .toList();
        }
        NodeRegistry registry = NodeRegistry.load();
        Path binaries = Files.createTempDirectory("n8n-recorded-binaries");
        Path files = Files.createTempDirectory("n8n-recorded-files");
        List<String> unexpected = new ArrayList<>();
        TreeSet<String> operations = new TreeSet<>();
        TreeSet<String> failingOperations = new TreeSet<>();
        int passed = 0;
        int failed = 0;
        int pairing = 0;
        for (Path wfFile : workflows) {
            String name = root.relativize(wfFile).toString();
            Path recording =
                    wfFile.resolveSibling(wfFile.getFileName().toString().replaceFirst("\\.json$", ".n8n.json"));
            ObjectNode tree = (ObjectNode) Json.parse(Files.readString(wfFile));
            List<String> ops = operations(tree);
            operations.addAll(ops);
            if (!Files.exists(recording)) {
                unexpected.add(name + ": no recording (run scripts/n8n-diff/n8n-diff record " + name + ")");
                failed++;
                continue;
            }
            JsonNode expected = Json.parse(Files.readString(recording));
            List<RunDiff.Difference> diffs;
            try {
                diffs = RunDiff.diff(expected, run(tree, registry, binaries, files));
            } catch (RuntimeException e) {
                diffs = List.of(new RunDiff.Difference(
                        "(workflow)", RunDiff.Kind.DATA, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            List<RunDiff.Difference> data =
                    diffs.stream().filter(d -> d.kind() == RunDiff.Kind.DATA).toList();
            pairing += diffs.size() - data.size();
            for (RunDiff.Difference d : diffs) {
                if (d.kind() == RunDiff.Kind.PAIRING) {
                    System.out.println("n8n-recorded: PAIRING " + name + " " + d);
                    String type = typeOf(tree, d.node());
                    if (!MULTI_PAIRING.contains(type)) {
                        unexpected.add(name + ": " + d);
                    }
                }
            }
            String known = KNOWN_FAILURES.get(name);
            if (data.isEmpty()) {
                passed++;
                System.out.println("n8n-recorded: PASS " + name);
                if (known != null) {
                    unexpected.add(name + " passes now: remove it from KNOWN_FAILURES");
                }
            } else {
                failed++;
                failingOperations.addAll(ops);
                String detail = String.join(
                        "\n    ", data.stream().map(Object::toString).toList());
                System.out.println("n8n-recorded: FAIL " + name + (known == null ? "" : " (known: " + known + ")")
                        + "\n    " + detail);
                if (known == null) {
                    unexpected.add(name + ":\n    " + detail);
                }
            }
        }
        for (String k : KNOWN_FAILURES.keySet()) {
            if (!Files.exists(root.resolve(k))) {
                unexpected.add(k + " is in KNOWN_FAILURES but not in the corpus");
            }
        }
        System.out.println("n8n-recorded: " + workflows.size() + " workflows, " + operations.size()
                + " node operations (" + (operations.size() - failingOperations.size())
                + " only in passing workflows); " + passed + " passed, " + failed + " failed, " + pairing
                + " pairedItem differences");
        assertThat(unexpected).as("recorded workflows failing unexpectedly").isEmpty();
    }

    /** The n8n type of node {@code name} in a workflow, without its package ({@code aggregate}), or "". */
    private static String typeOf(ObjectNode tree, String name) {
        for (JsonNode n : tree.path("nodes")) {
            if (name.equals(n.path("name").asText())) {
                String type = n.path("type").asText();
                return type.substring(type.lastIndexOf('.') + 1);
            }
        }
        return "";
    }

    private static JsonNode run(ObjectNode tree, NodeRegistry registry, Path binaries, Path files) {
        tree.remove("pinData");
        ObjectNode settings = tree.has("settings") && tree.get("settings").isObject()
                ? (ObjectNode) tree.get("settings")
                : tree.putObject("settings");
        if (!settings.hasNonNull("timezone")
                || settings.get("timezone").asText().equals("DEFAULT")) {
            // the recordings pin n8n's instance time zone to its default (scripts/n8n-diff/n8n-run.mjs)
            settings.put("timezone", Fixture.N8N_DEFAULT_TIMEZONE);
        }
        Engine engine = Engine.builder()
                .registry(registry)
                .service(BinaryStore.class, new FileBinaryStore(binaries, 1 << 20))
                .service(FilesDir.class, new FilesDir(files))
                .build();
        // read as the studio imports an n8n export: an export naming no execution order runs in n8n's legacy v0
        var prepared =
                engine.prepare(N8nImport.convert(Json.write(tree), registry).workflow());
        ExecutionResult r =
                engine.run(prepared, RunRequest.defaults().sequential().withInput(List.of(Item.empty())));
        return RunDataView.toJson(r.state());
    }

    /** "type@version operation" of each node under test (operation, mode or the node's own variant parameter). */
    private static List<String> operations(ObjectNode tree) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : tree.withArray("nodes")) {
            String type = n.path("type").asText();
            if (FEEDERS.contains(type)) {
                continue;
            }
            JsonNode p = n.path("parameters");
            String op = "";
            for (String k : List.of("operation", "mode", "aggregate", "compare", "action", "combinationMode")) {
                if (p.hasNonNull(k) && p.get(k).isTextual()) {
                    op += " " + k + "=" + p.get(k).asText();
                }
            }
            out.add(type.replace("n8n-nodes-base.", "") + "@"
                    + n.path("typeVersion").asText() + op);
        }
        return out;
    }
}
