package io.hetumind.taskagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.run.LocalLogs;
import io.hetumind.taskagent.run.ProcessRun;
import io.hetumind.taskagent.run.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: environment, working directory, line streaming, timeouts and cancels of whole trees. */
class ProcessRunTest {
    @TempDir
    Path dir;

    /** Records what a run reports. */
    static final class Recorder implements Reporter {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Messages.LogLine> lines = Collections.synchronizedList(new ArrayList<>());
        final List<Long> firstSeqs = Collections.synchronizedList(new ArrayList<>());
        volatile Integer exit;

        @Override
        public void started(UUID instance, long at) {
            events.add("started");
        }

        @Override
        public void log(UUID instance, long firstSeq, List<Messages.LogLine> chunk) {
            assertThat(firstSeq).isEqualTo(lines.size());
            firstSeqs.add(firstSeq);
            lines.addAll(chunk);
        }

        @Override
        public void ended(UUID instance, String event, Integer exitCode, Long cpu, Long rss, String message) {
            events.add(event);
            exit = exitCode;
        }
    }

    private ProcessRun run(String script, long timeoutMs, Map<String, String> env, String workdir, Recorder r) {
        var d = new Messages.Dispatch(
                Uuid7.next(), Uuid7.next(), "t", 1, "sh", List.of("-c", script), env, workdir, timeoutMs);
        return new ProcessRun(d, r, new LocalLogs(dir.resolve("logs"), 1 << 20, 2, 10), Duration.ofMillis(500));
    }

    @Test
    void streamsStdoutAndStderrLineByLineWithItsEnvironmentAndDirectory() throws Exception {
        Recorder r = new Recorder();
        Path wd = Files.createDirectories(dir.resolve("work"));
        run(
                        "echo \"$NAME\"; pwd; echo err >&2; printf 'no newline'; exit 4",
                        10_000,
                        Map.of("NAME", "value"),
                        wd.toString(),
                        r)
                .run();
        assertThat(r.events).containsExactly("started", "failed");
        assertThat(r.exit).isEqualTo(4);
        assertThat(r.lines)
                .extracting(Messages.LogLine::text)
                .containsExactlyInAnyOrder("value", wd.toRealPath().toString(), "err", "no newline");
        assertThat(r.lines)
                .filteredOn(l -> l.text().equals("err"))
                .extracting(Messages.LogLine::stream)
                .containsExactly("stderr");
        try (var files = Files.list(dir.resolve("logs"))) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    @Test
    void aMissingWorkingDirectoryFailsWithoutStarting() {
        Recorder r = new Recorder();
        run("true", 10_000, Map.of(), dir.resolve("nope").toString(), r).run();
        assertThat(r.events).containsExactly("failed");
    }

    @Test
    void aTimeoutKillsTheWholeTreeEvenChildrenThatIgnoreTerm() {
        Recorder r = new Recorder();
        String marker = "47" + (System.nanoTime() % 1000) + ".3";
        long t0 = System.nanoTime();
        run(
                        "trap '' TERM; sleep " + marker + " & sh -c \"trap '' TERM; sleep " + marker
                                + "\" & echo up; wait",
                        800,
                        Map.of(),
                        null,
                        r)
                .run();
        assertThat(r.events).containsExactly("started", "timed_out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.lines).extracting(Messages.LogLine::text).containsExactly("up");
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("sleep " + marker)))
                .isEmpty();
    }

    @Test
    void aCancelStopsTheRun() throws Exception {
        Recorder r = new Recorder();
        ProcessRun run = run("echo go; sleep 30", 60_000, Map.of(), null, r);
        Thread t = Thread.ofVirtual().start(run::run);
        while (r.lines.isEmpty()) {
            Thread.sleep(20);
        }
        run.cancel();
        t.join(Duration.ofSeconds(10));
        assertThat(r.events).containsExactly("started", "canceled");
    }

    @Test
    void manyLinesArriveNumberedInChunks() {
        Recorder r = new Recorder();
        run("i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done", 30_000, Map.of(), null, r)
                .run();
        assertThat(r.events).containsExactly("started", "succeeded");
        assertThat(r.lines).hasSize(3000);
        assertThat(r.lines.get(2999).text()).isEqualTo("line-2999");
        assertThat(r.firstSeqs.size()).isGreaterThan(1);
    }
}
