package io.hetumind.taskagent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A held run's process started ahead and stopped before its command, with real processes. */
class GateTest {
    @TempDir
    Path dir;

    static final class Recorder implements Reporter {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        volatile String message;
        volatile Integer exit;

        @Override
        public void started(UUID instance, long at) {
            events.add("started");
        }

        @Override
        public void log(UUID instance, long firstSeq, List<Messages.LogLine> chunk) {
            chunk.forEach(l -> lines.add(l.stream() + ":" + l.text()));
        }

        @Override
        public void ended(UUID instance, String event, Integer exitCode, Long cpu, Long rss, String message) {
            events.add(event);
            this.exit = exitCode;
            this.message = message;
        }
    }

    private ProcessRun run(String command, List<String> args, Map<String, String> env, String workdir, Recorder r) {
        var d = new Messages.Dispatch(Uuid7.next(), Uuid7.next(), "t", 1, command, args, env, workdir, 10_000);
        return new ProcessRun(d, r, new LocalLogs(dir.resolve("logs"), 1 << 20, 2, 10), Duration.ofMillis(500));
    }

    /** The descendants of this JVM that are waiting gates. */
    private static List<ProcessHandle> gates() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains(Gate.NAME))
                        .orElse(false))
                .toList();
    }

    @Test
    void anArmedRunHasItsProcessBeforeItsTimeAndRunsTheCommandOnlyWhenReleasedWithItsArgumentsEnvironmentAndDirectory()
            throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path marker = dir.resolve("ran");
        Recorder r = new Recorder();
        ProcessRun run = run(
                "sh",
                List.of(
                        "-c",
                        "touch '" + marker + "'; echo \"$1|$FOO|$(pwd)\"; cat; echo \"stdin ended\"",
                        "x",
                        "two words"),
                Map.of("FOO", "bar"),
                work.toString(),
                r);
        run.arm();
        assertThat(gates()).as("its process waits in the gate").hasSize(1);
        Thread.sleep(300);
        assertThat(Files.exists(marker)).as("the command has not run").isFalse();
        run.run();
        assertThat(r.events).containsExactly("started", "succeeded");
        assertThat(Files.exists(marker)).isTrue();
        assertThat(r.lines)
                .as("arguments, environment and directory as a forked run gets them; standard input at its end")
                .containsExactly("stdout:two words|bar|" + work.toRealPath(), "stdout:stdin ended");
        assertThat(gates()).isEmpty();
    }

    @Test
    void aDiscardedOrCanceledArmedRunNeverRunsItsCommand() throws Exception {
        Path marker = dir.resolve("ran");
        Recorder dropped = new Recorder();
        ProcessRun drop = run("sh", List.of("-c", "touch '" + marker + "'"), Map.of(), null, dropped);
        drop.arm();
        assertThat(gates()).hasSize(1);
        drop.discard();
        Recorder canceled = new Recorder();
        ProcessRun cancel = run("sh", List.of("-c", "touch '" + marker + "'"), Map.of(), null, canceled);
        cancel.arm();
        cancel.cancel();
        cancel.run();
        assertThat(canceled.events).containsExactly("canceled");
        awaitNoGates();
        assertThat(dropped.events).isEmpty();
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void whenTheAgentGoesAwayTheWaitingShellExitsWithoutRunningTheCommand() throws Exception {
        Path marker = dir.resolve("ran");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "touch '" + marker + "'");
        Process gate = Gate.builder(pb).start();
        gate.getOutputStream().close(); // what the agent's death does to the pipe
        assertThat(gate.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.exitValue()).isEqualTo(125);
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void aGateKilledFromOutsideBeforeItsTimeFailsTheRunWithAReason() throws Exception {
        Recorder r = new Recorder();
        ProcessRun run = run("true", List.of(), Map.of(), null, r);
        run.arm();
        List<ProcessHandle> waiting = gates();
        assertThat(waiting).hasSize(1);
        waiting.getFirst().destroyForcibly();
        waiting.getFirst().onExit().get(10, TimeUnit.SECONDS);
        run.run();
        assertThat(r.events).containsExactly("failed");
        assertThat(r.message).contains("cannot start").contains("ended before its start time");
    }

    @Test
    void aCommandTheAgentCannotFindIsNotArmedAndFailsAsAForkedOneDoes() throws Exception {
        Recorder r = new Recorder();
        ProcessRun run = run("no-such-command-here", List.of(), Map.of(), null, r);
        run.arm();
        assertThat(gates()).isEmpty();
        run.run();
        assertThat(r.events).containsExactly("failed");
        assertThat(r.message).startsWith("cannot start:");
    }

    @Test
    void commandsResolveOnTheAgentsPathAsTheJdkDoes() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        tool.toFile().setExecutable(true);
        Files.writeString(bin.resolve("plain"), "not executable");
        String path = "/nonexistent:" + bin;
        assertThat(Gate.resolve("tool", path)).isEqualTo(tool.toString());
        assertThat(Gate.resolve("plain", path)).as("not executable").isNull();
        assertThat(Gate.resolve("missing", path)).isNull();
        assertThat(Gate.resolve("./tool", path)).as("a path is used as it is").isEqualTo("./tool");
        assertThat(Gate.resolve("tool", "relative:" + bin))
                .as("a relative entry: not armed")
                .isNull();
        assertThat(Gate.resolve("tool", ":" + bin))
                .as("an empty entry: not armed")
                .isNull();
        assertThat(Gate.resolve("", path)).isNull();
    }

    private static void awaitNoGates() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gates().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gates()).isEmpty();
    }
}
