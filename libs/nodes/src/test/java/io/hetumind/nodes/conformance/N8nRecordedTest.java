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
import io.hetumind.core.spi.CredentialDocument;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.files.FilesDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            Map.entry(
                    "HttpRequest/cross-origin-redirect.json",
                    "before 4.4 n8n sends the Authorization header on to any origin a redirect leads to; a credential"
                            + " leak, not matched: here only sendCredentialsOnCrossOriginRedirect sends it there"),
            Map.entry(
                    "EditFields/v3_4-raw-json-include-other-bad-json.json",
                    "n8n repairs malformed JSON Output (jsonParse with repairJSON, the jsonrepair library); Hetumind"
                            + " rejects it"),
            Map.entry(
                    "Pairing/loop-nested-references.json",
                    "n8n 2.8.4 never starts a finished Loop Over Items v3 over (a nested inner loop adds the next"
                            + " parent's items to its done output unprocessed); Hetumind starts over when the node that"
                            + " started it feeds it again, as the shared corpus' SplitInBatches v3_nested fixture"
                            + " (n8n's own, from a later release) expects"));

    /**
     * Recordings of output that n8n itself randomises, compared after decoding numeric character references in
     * every text on both sides (two n8n runs differ there too), and why.
     */
    static final Map<String, String> RANDOMISED = Map.of(
            "Markdown/md-to-html-github-options.json",
            "showdown's encodeEmails writes each character of an e-mail address, at random (Math.random), as itself,"
                    + " a decimal or a hexadecimal character reference");

    /** Node types that only feed data into the nodes under test; not counted as covered operations. */
    private static final List<String> FEEDERS = List.of("n8n-nodes-base.manualTrigger", "n8n-nodes-base.code");

    @Test
    public void replaysEveryRecordedWorkflow() throws IOException {
        Path root = Path.of("src/test/resources/n8n-recorded");
        assertThat(root).as("the recorded corpus").isDirectory();
        List<Path> workflows;
        try (Stream<Path> s = Files.walk(root)) {
            workflows = s.filter(p -> p.toString().endsWith(".json")
                            && !p.toString().endsWith(".n8n.json")
                            && !p.toString().endsWith(".credentials.json"))
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
        // HTTP Request recordings call two local origins; here they run on free ports
        EchoOrigins echo = new EchoOrigins();
        for (Path wfFile : workflows) {
            String name = root.relativize(wfFile).toString();
            Path recording =
                    wfFile.resolveSibling(wfFile.getFileName().toString().replaceFirst("\\.json$", ".n8n.json"));
            ObjectNode tree = (ObjectNode) Json.parse(echo.rewrite(Files.readString(wfFile)));
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
                // a recording made under another process zone (scripts/n8n-diff's N8N_DIFF_TZ) names it
                ZoneId zone = ZoneId.of(expected.path("processZone").asText("UTC"));
                JsonNode actual = run(tree, registry, binaries, files, zone, credentials(wfFile));
                diffs = RANDOMISED.containsKey(name)
                        ? RunDiff.diff(decodeReferences(expected), decodeReferences(actual))
                        : RunDiff.diff(expected, actual);
            } catch (RuntimeException e) {
                diffs = List.of(new RunDiff.Difference(
                        "(workflow)", RunDiff.Kind.DATA, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            List<RunDiff.Difference> data =
                    diffs.stream().filter(d -> d.kind() == RunDiff.Kind.DATA).toList();
            pairing += diffs.size() - data.size();
            for (RunDiff.Difference d : diffs) {
                if (d.kind() == RunDiff.Kind.PAIRING) {
                    // every node pairs its items as n8n does: a pairing difference fails like a data difference
                    System.out.println("n8n-recorded: PAIRING " + name + " " + d);
                    unexpected.add(name + ": " + d);
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
        echo.close();
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

    /**
     * The test credentials recorded beside a workflow ({@code <name>.credentials.json}, n8n's import shape {@code [{id,
     * name, type, data}]}, made-up secrets), as the CLI's credentials document; none when there is no such file.
     */
    private static final java.util.regex.Pattern REFERENCE =
            java.util.regex.Pattern.compile("&#(x[0-9a-fA-F]+|[0-9]+);");

    /** A copy of {@code tree} with every {@code &#NN;} / {@code &#xHH;} in its texts replaced by the character. */
    static JsonNode decodeReferences(JsonNode tree) {
        if (tree.isTextual()) {
            return Json.F.textNode(REFERENCE.matcher(tree.asText()).replaceAll(m -> {
                String ref = m.group(1);
                int cp = ref.startsWith("x") ? Integer.parseInt(ref.substring(1), 16) : Integer.parseInt(ref);
                return java.util.regex.Matcher.quoteReplacement(Character.toString(cp));
            }));
        }
        if (tree.isContainerNode()) {
            JsonNode copy = tree.deepCopy();
            if (copy instanceof ObjectNode o) {
                tree.properties().forEach(e -> o.set(e.getKey(), decodeReferences(e.getValue())));
            } else if (copy instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    a.set(i, decodeReferences(tree.get(i)));
                }
            }
            return copy;
        }
        return tree;
    }

    private static CredentialResolver credentials(Path wfFile) throws IOException {
        Path file =
                wfFile.resolveSibling(wfFile.getFileName().toString().replaceFirst("\\.json$", ".credentials.json"));
        ObjectNode doc = Json.object();
        if (Files.exists(file)) {
            for (JsonNode c : Json.parse(Files.readString(file))) {
                ObjectNode entry = doc.putObject(c.path("id").asText());
                entry.put("type", c.path("type").asText());
                entry.put("name", c.path("name").asText());
                entry.set("data", c.path("data"));
            }
        }
        return CredentialDocument.parse(doc, file.getFileName().toString()).asResolver();
    }

    private static JsonNode run(
            ObjectNode tree,
            NodeRegistry registry,
            Path binaries,
            Path files,
            ZoneId zone,
            CredentialResolver credentials) {
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
                .processZone(zone)
                .build();
        // read as the studio imports an n8n export: an export naming no execution order runs in n8n's legacy v0
        var prepared =
                engine.prepare(N8nImport.convert(Json.write(tree), registry).workflow());
        ExecutionResult r = engine.run(
                prepared,
                RunRequest.defaults()
                        .sequential()
                        .withInput(List.of(Item.empty()))
                        .withService(CredentialResolver.class, credentials));
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
