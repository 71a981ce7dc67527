package io.hetumind.nodes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.expr.PythonSandbox;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.files.FilesDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs every fixture of the n8n conformance corpus ({@code shared/conformance/n8n} beside the
 * repository) whose node types are all supported, and asserts that all of them pass except the
 * known failures listed below with their reasons.
 */
public class N8nConformanceTest {

    /** Supported fixtures that fail today, and why. Remove an entry once it passes. */
    static final Map<String, String> KNOWN_FAILURES = Map.ofEntries(
            // The pinned value is the wall-clock time when n8n recorded the fixture (corpus README).
            Map.entry(
                    "Code/workflow.datetime_format_fails.json",
                    "pins a wall-clock timestamp; checked by CodeNodeTest instead"),
            // Pinned by an older engine: real n8n 2.8.4 runs this file (its legacy Start node swapped for a Manual
            // Trigger, which 2.8.4's CLI needs; no executionOrder, so v0) forcing the never-run Set1A with an empty
            // item, and its output differs from the pinned data at six Merge nodes; Hetumind's run equals n8n
            // 2.8.4's node for node (checked with scripts/n8n-diff; n8n-recorded/ExecutionOrder pins the v0 rule
            // on graphs of our own). n8n's own copy of the file now sets executionOrder v1 (upstream 52cee4af).
            Map.entry(
                    "Merge/workflow.mixed.not.forceInputNodeExecution.json",
                    "pinned by an older engine: n8n 2.8.4's v0 run forces Set1A and differs from the pins; Hetumind matches"
                            + " n8n 2.8.4"),
            // n8n 2.8.4 registers Split In Batches 1, 2 and 3 only: it fails this file at once ("Cannot read
            // properties of undefined (reading 'execute')", checked with scripts/n8n-diff). Here 2.1 runs, and its
            // reset option reading its own noItemsLeft resets it on every loop-back once the last batch is out, so
            // it never reaches "done".
            Map.entry(
                    "SplitInBatches/SplitInBatches.workflow_v2.1.json",
                    "Split In Batches 2.1, which n8n 2.8.4 cannot run (no such version); here its self-reset loops"),
            // Pinned for a later parseDate in n8n's repository (naive text read in the workflow zone), which no
            // n8n release on npm ships (2.8.1 and 2.41.2 both read it with moment in the process zone). Hetumind
            // follows the released rule with UTC as the process zone, as the n8n-recorded corpus (real n8n 2.8.4,
            // TZ=UTC) confirms; under TZ=America/New_York released n8n would also give this fixture's hour 14.
            Map.entry(
                    "DateTime/workflow.extractDate_timezone.json",
                    "naive date text pinned for an unreleased n8n parseDate (workflow zone); released n8n reads it in TZ"),
            // Its empty pinData makes it a run-must-succeed test (n8n's harness), but its Set nodes type
            // $execution.id as a number: n8n's execution ids are sequential integers, Hetumind's are UUIDs. The
            // upstream test that would run it is commented out (it needs a stored workflow to call itself).
            Map.entry(
                    "ExecuteWorkflow/sub-workflow-execution-id.json",
                    "types $execution.id as a number: n8n's ids are sequential integers, Hetumind's are UUIDs"),
            // Both webhook waits now go on at their limits (7 s and 67 s; the harness moves its clock there, as
            // n8n's wait tracker resumes a run at its waitTill) and both checks pass, so both branches reach the
            // Merge (in v0 the first arrival also forces the other branch's check with an empty item, so Merge
            // and Set run twice). The single pinned Set item comes from upstream's dedicated test set-up, which
            // the corpus README lists among the files plain equality cannot check.
            Map.entry(
                    "Wait/Wait.webhook.workflow.json",
                    "pinned under upstream's dedicated test set-up; here both timed-out branches reach the Merge"),
            // An early draft of DateTimeWorkflowV2.json with parameter names n8n renamed before release.
            Map.entry(
                    "DateTime/node_360_quick_overhaul_of_date_and_time_node (5).json",
                    "draft parameter names (addToDate/subtractFromDate) that released n8n does not read"));

    @Test
    public void n8nFixtures() throws IOException {
        Path root = corpus();
        if (root == null) {
            // The project's CI (.ci/run) sets HETUMIND_CONFORMANCE_REQUIRED: there a missing corpus is a failure,
            // not a pass. Elsewhere (a fork without ../shared) the test is reported as skipped, never as passed.
            String required = System.getenv("HETUMIND_CONFORMANCE_REQUIRED");
            String missing = "shared/conformance/n8n not found beside the repository";
            assertThat(required == null || required.isBlank() || required.equals("0"))
                    .as(missing + " and HETUMIND_CONFORMANCE_REQUIRED=" + required)
                    .isTrue();
            Assumptions.abort(missing + "; skipped (set HETUMIND_CONFORMANCE_REQUIRED=1 to make this a failure)");
        }
        NodeRegistry registry = NodeRegistry.load();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Path binaries = Files.createTempDirectory("conformance-binaries");
        // the file n8n's Crypto test mocks at /test/binary.data: the four bytes "test"
        Path localFiles = Files.createTempDirectory("conformance-files");
        Files.createDirectories(localFiles.resolve("test"));
        Files.writeString(localFiles.resolve("test").resolve("binary.data"), "test");
        // The Python interpreter's one-time start-up (seconds without Graal's JIT, more on a loaded machine) is paid
        // before the runs: each fixture's run limit is there to catch loops that never end, not that start-up.
        PythonSandbox.installed().ifPresent(N8nConformanceTest::warmUp);
        int passed = 0;
        int failed = 0;
        int unsupported = 0;
        List<String> unexpected = new ArrayList<>();
        try (N8nHttpMocks mocks = new N8nHttpMocks()) {
            for (Path f : files) {
                Fixture.Outcome o = new Fixture(root, f)
                        .run(registry, mocks, new FileBinaryStore(binaries, 1 << 20), new FilesDir(localFiles));
                if (o.unsupported()) {
                    unsupported++;
                    System.out.println("conformance: UNSUPPORTED " + o.path() + " (" + o.detail() + ")");
                } else if (o.passed()) {
                    passed++;
                    System.out.println("conformance: PASS " + o.path());
                    if (KNOWN_FAILURES.containsKey(o.path())) {
                        unexpected.add(o.path() + " passes now: remove it from KNOWN_FAILURES");
                    }
                } else {
                    failed++;
                    String known = KNOWN_FAILURES.get(o.path());
                    System.out.println("conformance: FAIL " + o.path()
                            + (known == null ? "" : " (known: " + known + ")") + "\n    " + o.detail());
                    if (known == null) {
                        unexpected.add(o.path() + ": " + o.detail());
                    }
                }
            }
        }
        System.out.println(
                "conformance: " + passed + " passed, " + failed + " failed, " + unsupported + " unsupported");
        assertThat(unexpected).as("fixtures failing unexpectedly").isEmpty();
    }

    private static void warmUp(PythonSandbox python) {
        PythonSandbox.Host none = new PythonSandbox.Host() {
            @Override
            public JsonNode evaluate(String js) {
                return null;
            }

            @Override
            public void log(String line) {}
        };
        try (PythonSandbox.Session session = python.open("return 1", none)) {
            session.call(false, Duration.ofMinutes(2), () -> false);
        }
    }

    private static Path corpus() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared").resolve("conformance").resolve("n8n");
            if (Files.isDirectory(c)) {
                return c;
            }
            p = p.getParent();
        }
        return null;
    }
}
