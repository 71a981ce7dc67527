package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WaitingRun;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.files.FilesDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One n8n conformance fixture, run with the semantics of n8n's test harness (see the corpus README). */
final class Fixture {

    /** Outcome of one fixture: {@code unsupported} names the missing node type, else pass/fail detail. */
    record Outcome(String path, boolean unsupported, boolean passed, String detail) {}

    /** n8n's default {@code GENERIC_TIMEZONE}, the time zone of workflows that set none. */
    static final String N8N_DEFAULT_TIMEZONE = "America/New_York";

    /**
     * The process zone ({@code TZ}) a fixture's pins were recorded under, where it is not UTC. The corpus README lists
     * Date &amp; Time v1 files that "expect a particular process time zone (some UTC, some Europe/Berlin)", and INDEX.tsv
     * names Europe/Berlin for these two; real n8n 2.8.4 gives their pins exactly under {@code TZ=Europe/Berlin}
     * (scripts/n8n-diff). The engine runs them under that zone ({@code Engine.Builder.processZone}); every other file
     * runs under UTC, the zone n8n's own suite sets.
     */
    static final Map<String, ZoneId> PROCESS_ZONES = Map.of(
            "DateTime/DateTimeFormatCalculate.workflow.json", ZoneId.of("Europe/Berlin"),
            "DateTime/DateTimeTimezoneWithConsole.json", ZoneId.of("Europe/Berlin"));

    /**
     * Expected outputs that n8n keeps in a dedicated test instead of the fixture's pinData, copied from that test
     * (node name → its items' JSON, compared as pinData is). Only for files without pinData.
     */
    static final Map<String, String> UPSTREAM_EXPECTATIONS = Map.of(
            // packages/nodes-base/test/nodes/If/If.node.test.ts ("should execute IF node true/false boolean")
            "If/legacy-test-nodes-If_workflow.json",
            """
                    {"On True": [{"value": true}], "On False": [{"value": false}]}""");

    /** How long one fixture may run before it counts as a run that never ends. */
    static final long RUN_LIMIT_MS = 10_000;

    private final Path file;
    private final String name;

    Fixture(Path root, Path file) {
        this.file = file;
        this.name = root.relativize(file).toString();
    }

    String name() {
        return name;
    }

    Outcome run(NodeRegistry registry, N8nHttpMocks mocks, BinaryStore binaries, FilesDir files) {
        ObjectNode tree;
        try {
            // The mocked remote hosts are rewritten to the local mock server throughout, pinned data included.
            tree = (ObjectNode) Json.parse(mocks.toLocal(Files.readString(file)));
        } catch (Exception e) {
            return new Outcome(name, true, false, "unreadable: " + e.getMessage());
        }
        JsonNode pinData = tree.remove("pinData");
        JsonNode trigger = tree.remove("trigger");
        ObjectNode settings = tree.has("settings") && tree.get("settings").isObject()
                ? (ObjectNode) tree.get("settings")
                : tree.putObject("settings");
        if (!settings.has("executionOrder")) {
            settings.put("executionOrder", "v0");
        }
        // Sticky notes stay in: as in n8n's harness, the workflow is run as exported, so the node library has to
        // accept them and never run them.
        if (!settings.hasNonNull("timezone")
                || settings.get("timezone").asText().equals("DEFAULT")) {
            // n8n's instance default (GENERIC_TIMEZONE) applies when a workflow names no time zone
            settings.put("timezone", N8N_DEFAULT_TIMEZONE);
        }
        for (JsonNode n : tree.withArray("nodes")) {
            String type = n.path("type").asText();
            double version = n.path("typeVersion").asDouble(1);
            Optional<NodeType> t = registry.find(type);
            if (t.isEmpty() || !t.get().descriptor().supports(version)) {
                return new Outcome(name, true, false, type + "@" + version);
            }
        }
        localFiles(tree, files);
        String remote = remoteHttp(tree);
        if (remote != null) {
            return new Outcome(name, true, false, "calls " + remote + ": no local mock for it, never the internet");
        }
        if (pinData == null && UPSTREAM_EXPECTATIONS.containsKey(name)) {
            pinData = Json.parse(UPSTREAM_EXPECTATIONS.get(name));
        }
        if (pinData == null || !pinData.isObject()) {
            // n8n's harness (NodeTestHarness.workflowToTests) refuses a file without pinData; such files are
            // run by dedicated upstream tests whose expectations are not in the file.
            return new Outcome(name, true, false, "no pinData: n8n's harness refuses the file");
        }
        // An empty pinData ({}) is a test in n8n's harness too: no node output is compared, but the run must
        // end as success (or waiting), which is checked below.
        try {
            Workflow wf = WorkflowFormat.readJson(Json.write(tree));
            ShiftedClock clock = new ShiftedClock(PROCESS_ZONES.getOrDefault(name, ZoneOffset.UTC));
            Engine engine = Engine.builder()
                    .registry(registry)
                    .service(BinaryStore.class, binaries)
                    .service(FilesDir.class, files)
                    .checkpointer(new InMemoryCheckpointer())
                    .clock(clock)
                    .build();
            List<Item> input = List.of(Item.empty());
            if (trigger != null && trigger.has("input")) {
                input = List.of(ItemCodec.read(trigger.get("input"), "trigger.input"));
            }
            // A run that does not end (a loop whose exit condition never holds) stops at the deadline and fails
            // here instead of hanging the suite; no fixture needs more than a few seconds.
            long deadline = clock.millis() + RUN_LIMIT_MS;
            PreparedWorkflow prepared = engine.prepare(wf);
            RunRequest request = RunRequest.defaults().sequential().withInput(input);
            ExecutionResult r = engine.run(prepared, request.withDeadline(deadline));
            // As n8n's wait tracker does, a run parked only until a time (a Wait's interval or a webhook wait's
            // limit, nobody calling it here) goes on at that time: the clock moves there instead of sleeping.
            while (r.status() == ExecutionStatus.WAITING
                    && !r.state().waiting().isEmpty()
                    && r.state().waiting().stream().allMatch(w -> w.until() >= 0)
                    && clock.millis() < deadline) {
                long due = r.state().waiting().stream()
                        .mapToLong(WaitingRun::until)
                        .min()
                        .getAsLong();
                deadline += Math.max(0, due - clock.millis());
                clock.advanceTo(due);
                r = engine.resume(prepared, r.executionId(), request.withDeadline(deadline));
            }
            if (clock.millis() >= deadline) {
                return new Outcome(name, false, false, "did not finish within " + RUN_LIMIT_MS / 1000 + " s");
            }
            if (r.status() != ExecutionStatus.SUCCESS && r.status() != ExecutionStatus.WAITING) {
                return new Outcome(
                        name,
                        false,
                        false,
                        "status " + r.status() + ": " + r.state().error());
            }
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : pinData.properties()) {
                JsonNode expected = Json.array().add(normalizeExpected(e.getValue()));
                JsonNode actual = actual(r.state().runs(e.getKey()));
                if (!Compare.same(expected, actual)) {
                    problems.add("node '" + e.getKey() + "': expected " + Json.write(expected) + " got "
                            + Json.write(actual));
                }
            }
            return new Outcome(name, false, problems.isEmpty(), String.join("\n    ", problems));
        } catch (RuntimeException e) {
            return new Outcome(name, false, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * n8n's tests mock the file system for Read Binary Files ({@code /test/binary.data}); here the
     * absolute path is moved under the allowed files directory, where the test put that file.
     */
    private static void localFiles(ObjectNode tree, FilesDir files) {
        for (JsonNode n : tree.withArray("nodes")) {
            if (n.path("type").asText().endsWith(".readBinaryFiles")) {
                ObjectNode params = (ObjectNode) n.get("parameters");
                String selector = params.path("fileSelector").asText("");
                if (selector.startsWith("/")) {
                    params.put("fileSelector", files.base().toAbsolutePath() + selector);
                }
            }
        }
    }

    /** Fixtures whose HTTP nodes fail before sending anything, so they are safe to run offline. */
    private static final List<String> NO_REQUEST_SENT = List.of("HttpRequest/workflow.use_error_output.json");

    private String remoteHttp(ObjectNode tree) {
        if (NO_REQUEST_SENT.contains(name)) {
            return null;
        }
        for (JsonNode n : tree.withArray("nodes")) {
            if (n.path("type").asText().endsWith(".httpRequest")) {
                String url = n.path("parameters").path("url").asText("");
                if (!url.contains("127.0.0.1") && !url.contains("localhost")) {
                    return url.isEmpty() ? "a URL" : url;
                }
            }
        }
        return null;
    }

    private static ArrayNode normalizeExpected(JsonNode items) {
        ArrayNode out = Json.array();
        for (JsonNode i : items) {
            ObjectNode n = Json.object();
            n.set("json", i.has("json") ? i.get("json") : i);
            if (i.has("binary")
                    && i.get("binary").isObject()
                    && !i.get("binary").isEmpty()) {
                ObjectNode bin = n.putObject("binary");
                i.get("binary").properties().forEach(b -> bin.set(b.getKey(), binaryMeta(b.getValue())));
            }
            out.add(n);
        }
        return out;
    }

    private static ArrayNode actual(List<NodeRun> runs) {
        ArrayNode all = Json.array();
        for (NodeRun run : runs) {
            ArrayNode items = Json.array();
            for (Item item : run.output(0)) {
                ObjectNode n = Json.object();
                n.set("json", item.json());
                if (!item.binary().isEmpty()) {
                    ObjectNode bin = n.putObject("binary");
                    item.binary().forEach((k, v) -> {
                        ObjectNode meta = binaryMeta(Json.valueToTree(v));
                        // n8n reports fileSize as pretty-bytes text ("4 B"); BinaryRef keeps the byte count
                        meta.put("fileSize", prettyBytes(v.fileSize()));
                        bin.set(k, meta);
                    });
                }
                items.add(n);
            }
            all.add(items);
        }
        return all;
    }

    /** The pretty-bytes rendering n8n uses for a binary's fileSize: 1000-based units, three significant digits. */
    static String prettyBytes(long size) {
        return io.hetumind.core.model.BinaryRef.prettySize(size);
    }

    private static ObjectNode binaryMeta(JsonNode b) {
        ObjectNode m = Json.object();
        for (String k : List.of("mimeType", "fileName", "fileExtension", "fileType", "fileSize")) {
            if (b.has(k) && !b.get(k).isNull()) {
                m.set(k, b.get(k));
            }
        }
        return m;
    }

    /** The system clock in a process zone, moved forward when a parked run is woken at its due time. */
    static final class ShiftedClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong offset;
        private final ZoneId zone;

        ShiftedClock(ZoneId zone) {
            this(zone, new java.util.concurrent.atomic.AtomicLong());
        }

        private ShiftedClock(ZoneId zone, java.util.concurrent.atomic.AtomicLong offset) {
            this.zone = zone;
            this.offset = offset;
        }

        void advanceTo(long epochMs) {
            offset.addAndGet(Math.max(0, epochMs - millis()));
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public java.time.Clock withZone(ZoneId value) {
            return new ShiftedClock(value, offset); // the same moved time, shown in another zone
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis());
        }
    }
}
