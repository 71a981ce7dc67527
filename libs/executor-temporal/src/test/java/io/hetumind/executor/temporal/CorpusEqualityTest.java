package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's own scenario corpus (libs/core's {@code workflows/valid}: linear, If-like routing, Merge, fan-out/in,
 * loops, continue-on-fail, error output, per-item errors, retries, stop on error, n8n v0/v1 order) plus examples on
 * real nodes, each run on the native engine and on Temporal, sequentially and in parallel: run data must be equal
 * but for times.
 */
class CorpusEqualityTest {

    private static final Path CORE_CORPUS = Path.of("../core/src/test/resources/workflows/valid");
    private static final Path EXAMPLES = Path.of("../../examples");

    private static TemporalHarness temporal;
    private static int seq;

    @BeforeAll
    static void start() {
        temporal = new TemporalHarness();
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    @TestFactory
    Stream<DynamicTest> sameRunDataOnBothBackends() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> core = Files.list(CORE_CORPUS)) {
            core.filter(f -> !f.toString().endsWith(".expected.json")).sorted().forEach(files::add);
        }
        files.add(EXAMPLES.resolve("hello-world.json"));
        files.add(EXAMPLES.resolve("batch-loop.json"));
        return files.stream().flatMap(file -> Stream.of(false, true)
                .map(parallel -> DynamicTest.dynamicTest(
                        file.getFileName() + (parallel ? " (parallel)" : " (sequential)"),
                        () -> compare(file, parallel))));
    }

    private static void compare(Path file, boolean parallel) throws IOException {
        assertThat(file).exists();
        Workflow wf = WorkflowFormat.read(file);
        String id = "corpus-" + (++seq);
        RunRequest req = RunRequest.defaults().withExecutionId(id).withInput(inputs(file));
        req = parallel ? req : req.sequential();

        TestNodes.Flaky.TRIES.clear();
        Engine nativeEngine =
                Engine.builder().registry(TemporalHarness.REGISTRY).build();
        ExecutionResult expected = nativeEngine.run(nativeEngine.prepare(wf), req);

        TestNodes.Flaky.TRIES.clear();
        ExecutionResult actual = temporal.run(wf, req);

        assertThat(actual.status()).as("status of %s", file).isEqualTo(expected.status());
        assertThat(expected.state().executedNodes()).as("%s ran nodes", file).isNotEmpty();
        assertThat(comparable(actual, parallel)).as("run data of %s", file).isEqualTo(comparable(expected, parallel));
    }

    /**
     * In parallel mode, independent branches finish in any order on either backend (the native engine applies them as
     * they complete, the workflow in the order it started them): node order and the last node are not compared then.
     */
    private static JsonNode comparable(ExecutionResult r, boolean parallel) {
        ObjectNode json = (ObjectNode) TemporalHarness.comparable(r);
        if (parallel) {
            json.remove("lastNodeExecuted");
            ObjectNode sorted = Json.object();
            List<String> names = new ArrayList<>();
            json.path("runData").fieldNames().forEachRemaining(names::add);
            names.stream()
                    .sorted()
                    .forEach(n -> sorted.set(n, json.path("runData").get(n)));
            json.set("runData", sorted);
        }
        return json;
    }

    private static List<Item> inputs(Path file) throws IOException {
        String name = file.getFileName().toString().replaceAll("\\.(json|yaml)$", "");
        Path expected = file.resolveSibling(name + ".expected.json");
        if (!Files.exists(expected)) {
            return List.of();
        }
        JsonNode exp = Json.parse(Files.readString(expected));
        List<Item> items = new ArrayList<>();
        if (exp.has("inputs")) {
            exp.get("inputs").forEach(j -> items.add(Item.of((ObjectNode) j)));
        } else if (exp.has("input")) {
            items.add(Item.of((ObjectNode) exp.get("input")));
        }
        return items;
    }
}
