package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every workflow under {@code workflows/valid} (in both sequential and parallel mode) and
 * checks it against the {@code .expected.json} beside it; every file under
 * {@code workflows/invalid} must be rejected with exactly the expected problems.
 */
class WorkflowFixturesTest {

    private static final Path ROOT = Path.of("src/test/resources/workflows");

    @TestFactory
    Stream<DynamicTest> validWorkflowsRunAsExpected() throws IOException {
        return fixtures("valid").flatMap(file -> Stream.of(true, false)
                .map(parallel -> DynamicTest.dynamicTest(
                        file.getFileName() + (parallel ? " (parallel)" : " (sequential)"),
                        () -> runValid(file, parallel))));
    }

    @TestFactory
    Stream<DynamicTest> invalidWorkflowsAreRejected() throws IOException {
        return fixtures("invalid")
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runInvalid(file)));
    }

    private static Stream<Path> fixtures(String dir) throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
            return files.filter(f -> !f.toString().endsWith(".expected.json")).sorted().toList().stream();
        }
    }

    private static JsonNode expected(Path file) throws IOException {
        String name = file.getFileName().toString().replaceAll("\\.(json|yaml)$", "");
        return Json.parse(Files.readString(file.resolveSibling(name + ".expected.json")));
    }

    private static void runValid(Path file, boolean parallel) throws IOException {
        JsonNode exp = expected(file);
        TestNodes.Flaky.TRIES.clear();
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        RunRequest req =
                parallel ? RunRequest.defaults() : RunRequest.defaults().sequential();
        if (exp.has("inputs")) {
            List<Item> items = new ArrayList<>();
            exp.get("inputs").forEach(j -> items.add(Item.of((com.fasterxml.jackson.databind.node.ObjectNode) j)));
            req = req.withInput(items);
        } else if (exp.has("input")) {
            req = req.withInput(List.of(Item.of((com.fasterxml.jackson.databind.node.ObjectNode) exp.get("input"))));
        }
        ExecutionResult r = engine.run(engine.prepare(WorkflowFormat.read(file)), req);
        assertThat(r.status().wire())
                .as("status of %s", file)
                .isEqualTo(exp.path("status").asText());
        for (var e : exp.path("outputs").properties()) {
            List<NodeRun> runs = r.state().runs(e.getKey());
            assertThat(runs).as("runs of %s", e.getKey()).isNotEmpty();
            JsonNode actual = Json.valueToTree(runs.getLast().outputs().stream()
                    .map(p -> p.stream().map(Item::json).toList())
                    .toList());
            assertThat(actual).as("outputs of %s in %s", e.getKey(), file).isEqualTo(e.getValue());
        }
        for (var e : exp.path("runs").properties()) {
            assertThat(r.state().runs(e.getKey()))
                    .as("number of runs of %s", e.getKey())
                    .hasSize(e.getValue().asInt());
        }
        if (exp.has("order") && !parallel) {
            List<String> order = new ArrayList<>();
            exp.get("order").forEach(n -> order.add(n.asText()));
            assertThat(r.state().executedNodes()).as("execution order").isEqualTo(order);
        }
        if (exp.has("error")) {
            assertThat(r.state().error().message()).contains(exp.get("error").asText());
        }
    }

    private static void runInvalid(Path file) throws IOException {
        JsonNode exp = expected(file);
        if (exp.has("formatError")) {
            assertThatThrownBy(() -> WorkflowFormat.read(file))
                    .isInstanceOf(WorkflowFormatException.class)
                    .hasMessageContaining(exp.get("formatError").asText());
            return;
        }
        ValidationReport report = new io.hetumind.core.validate.WorkflowValidator(TestNodes.registry())
                .validate(WorkflowFormat.read(file));
        List<String> actual =
                report.problems().stream().map(WorkflowFixturesTest::key).toList();
        List<String> wanted = new ArrayList<>();
        exp.get("problems")
                .forEach(p -> wanted.add(p.path("code").asText() + " "
                        + p.path("node").asText(null) + " " + p.path("path").asText()));
        assertThat(actual).as("problems of %s:\n%s", file, report).containsExactlyInAnyOrderElementsOf(wanted);
    }

    private static String key(Problem p) {
        return p.code() + " " + p.node() + " " + p.path();
    }
}
