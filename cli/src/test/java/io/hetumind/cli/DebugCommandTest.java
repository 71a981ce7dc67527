package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}/{@code resume} with breakpoints: the prompt, stepping, dumps, pauses across processes, aborts. */
class DebugCommandTest {
    private static final String HELLO = Path.of("../examples/hello-world.json").toString();

    record Run(int code, String out, String err) {}

    static Run cli(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new BufferedReader(new StringReader(stdin)), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theDebuggerShowsTheHeldNodeEvaluatesExpressionsAndContinues() {
        Run r = cli(
                "i\np $json\np 6 * 7 + 1000\np@3 $json\ni 4\nbogus\nc\n",
                "run",
                "--break",
                "Greet",
                "--input",
                "{\"who\":\"Ada\"}",
                HELLO);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("⏸ paused before 'Greet' — 1 item(s) in")
                .contains("\"who\" : \"Ada\"")
                .contains("1042")
                .contains("error: item 3 is not one of the node's 1 input items")
                .contains("the node has no input 4 (it has 1)")
                .contains("unknown command 'bogus'")
                .contains("✔ Greet")
                .contains("Execution ")
                .contains("succeeded");
        // the greeting is printed once, after the continue: the node did not run before it
        assertThat(r.out().indexOf("\"greeting\"")).isGreaterThan(r.out().indexOf("debug> c"));
    }

    @Test
    void steppingPausesBeforeEveryNode() {
        Run r = cli("s\ns\n", "run", "--step", HELLO);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("⏸ paused before 'Manual Trigger'")
                .contains("⏸ paused before 'Greet'")
                .contains("succeeded");
        assertThat(r.out().indexOf("paused before 'Greet'"))
                .isGreaterThan(r.out().indexOf("✔ Manual Trigger"));
    }

    @Test
    void aDumpWritesTheHeldNodesItemsAndStops(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("state.json");
        Run r = cli("", "run", "--break-after", "Greet", "--dump", dump.toString(), HELLO);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("⏸ paused after 'Greet'; state written to " + dump);
        JsonNode state = Json.parse(Files.readString(dump));
        assertThat(state.path("node").asText()).isEqualTo("Greet");
        assertThat(state.path("when").asText()).isEqualTo("after");
        assertThat(state.at("/outputs/0/0/json/greeting").asText()).isEqualTo("Hello, world!");
        assertThat(state.at("/execution/status").asText()).isEqualTo("waiting");
    }

    @Test
    void aPauseOutlivesTheProcessAndIsContinuedOrAbortedLater(@TempDir Path dir) throws Exception {
        String ckpt = dir.toString();
        // no input: the prompt ends at once and the run stays paused in its checkpoint
        Run paused = cli("", "run", "--break", "Greet", "--checkpoint-dir", ckpt, "--execution-id", "d1", HELLO);
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.out()).contains("Left paused: execution d1").contains("hetumind resume d1");
        Run done = cli("", "resume", "d1", "--checkpoint-dir", ckpt, "--json");
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(Json.parse(done.out())
                        .at("/runData/Greet/0/data/main/0/0/json/answer")
                        .asInt())
                .isEqualTo(42);

        cli("", "run", "--break", "Greet", "--checkpoint-dir", ckpt, "--execution-id", "d2", HELLO);
        Run aborted = cli("", "resume", "d2", "--checkpoint-dir", ckpt, "--abort");
        assertThat(aborted.code()).isEqualTo(1);
        assertThat(aborted.err()).contains("canceled").contains("aborted from the command line");
        Run again = cli("", "resume", "d2", "--checkpoint-dir", ckpt, "--json");
        assertThat(Json.parse(again.out()).path("status").asText()).isEqualTo("canceled");
        assertThat(Json.parse(again.out()).path("runData").has("Greet")).isFalse();
    }

    @Test
    void profileNamesTheBottleneckAndMeasuresCpuAndAllocation(@TempDir Path dir) throws Exception {
        Path wf = dir.resolve("slow.json");
        Files.writeString(
                wf,
                """
                {"name":"slow","nodes":[
                  {"name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Nap","type":"hetumind.wait","typeVersion":1.1,
                   "parameters":{"resume":"timeInterval","amount":1.5,"unit":"seconds"}},
                  {"name":"Build","type":"hetumind.code","typeVersion":2,
                   "parameters":{"jsCode":"const a = []; for (let i = 0; i < 50000; i++) a.push({i, s: 'x' + i}); return [{json: {n: a.length}}];"}}],
                 "connections":{"Start":{"main":[[{"node":"Nap"}]]},"Nap":{"main":[[{"node":"Build"}]]}}}
                """);
        Run r = cli("", "run", "--profile", wf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Profile (costliest first):");
        List<String> rows = r.out()
                .lines()
                .dropWhile(l -> !l.startsWith("Profile"))
                .skip(2)
                .takeWhile(l -> l.startsWith("  "))
                .toList();
        assertThat(rows).hasSize(3);
        List<Long> walls = rows.stream()
                .map(l -> Long.parseLong(l.strip().split("\\s+")[1]))
                .toList();
        assertThat(walls).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(r.out()).contains("Bottleneck: '" + rows.getFirst().strip().split("\\s+")[0] + "'");
        String nap = rows.stream()
                .filter(l -> l.strip().startsWith("Nap "))
                .findFirst()
                .orElseThrow();
        assertThat(Long.parseLong(nap.strip().split("\\s+")[1])).isGreaterThanOrEqualTo(1500);
        String build = rows.stream()
                .filter(l -> l.strip().startsWith("Build "))
                .findFirst()
                .orElseThrow();
        String[] cols = build.strip().split("\\s+");
        assertThat(Double.parseDouble(cols[2])).as("cpu ms of " + build).isGreaterThan(0);
        assertThat(Long.parseLong(cols[3])).as("alloc KiB of " + build).isGreaterThan(1024);

        Run json = cli("", "run", "--profile", "--json", wf.toString());
        assertThat(json.err()).contains("Bottleneck: '");
        JsonNode run = Json.parse(json.out());
        assertThat(run.at("/runData/Build/0/allocatedBytes").asLong()).isGreaterThan(1L << 20);
        assertThat(run.at("/runData/Build/0/cpuTime").asDouble()).isGreaterThan(0);
    }

    @Test
    void badDebugOptionsAreUsageErrors() {
        Run unknown = cli("", "run", "--break", "Nowhere", HELLO);
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--break: the workflow has no node 'Nowhere'");
        Run dumpAlone = cli("", "run", "--dump", "x.json", HELLO);
        assertThat(dumpAlone.code()).isEqualTo(2);
        assertThat(dumpAlone.err()).contains("--dump writes the state at a pause");
        assertThat(Path.of("x.json")).doesNotExist();
    }
}
