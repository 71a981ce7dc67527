package io.hetumind.taskagent.run;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run's process started ahead of its time and stopped before its command: {@code /bin/sh} reads one line from its
 * standard input, then {@code exec}s the command in place, so the process keeps its pid, environment, working
 * directory and output pipes, and the command starts the moment the agent writes that line. The line carries the
 * run span's {@code TRACEPARENT} (known only at the start time); standard input is then closed, so the command reads
 * end-of-file as a forked one does. If the agent dies first, the pipe closes, {@code read} fails and the shell exits
 * 125 without running anything.
 *
 * <p>The command is resolved on the agent's {@code PATH} here, as {@link ProcessBuilder#start()} resolves it (not on
 * the job's {@code PATH}); the command then sees that absolute path as its {@code argv[0]}.
 */
final class Gate {
    static final Path SHELL = Path.of("/bin/sh");
    /** {@code $0} of the waiting shell, so {@code ps} shows what it is. */
    static final String NAME = "hetumind-gate";

    private static final String SCRIPT =
            "IFS= read -r t || exit 125; if [ -n \"$t\" ]; then TRACEPARENT=$t; export TRACEPARENT; fi; exec \"$@\"";
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final boolean AVAILABLE = Files.isExecutable(SHELL);
    /** The start of a waiting gate's {@code /proc/<pid>/cmdline}: NUL-separated shell, {@code -c} and the script. */
    private static final byte[] GATED = (SHELL + "\0-c\0" + SCRIPT + "\0").getBytes(StandardCharsets.UTF_8);
    /** The longest a release waits to see the command's {@code exec}. */
    private static final java.time.Duration EXEC_WAIT = java.time.Duration.ofSeconds(1);

    private Gate() {}

    /** The gated form of {@code pb} (same environment and directory), or null when this host or command can't have one. */
    static ProcessBuilder builder(ProcessBuilder pb) {
        if (!AVAILABLE) {
            return null;
        }
        List<String> cmd = pb.command();
        String program = resolve(cmd.getFirst(), System.getenv("PATH"));
        if (program == null) {
            return null;
        }
        List<String> gated = new ArrayList<>(List.of(SHELL.toString(), "-c", SCRIPT, NAME, program));
        gated.addAll(cmd.subList(1, cmd.size()));
        ProcessBuilder gate = new ProcessBuilder(gated).directory(pb.directory());
        gate.environment().clear();
        gate.environment().putAll(pb.environment());
        return gate;
    }

    /**
     * Starts the command of a gated process, with {@code traceparent} in its environment when there is one. Fails when
     * the waiting shell is gone (killed from outside while it waited).
     */
    static Process release(Process gate, String traceparent) throws IOException {
        String line = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : "";
        OutputStream in = gate.getOutputStream();
        try {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.close();
        } catch (IOException e) {
            throw new IOException("its process, started ahead, ended before its start time", e);
        }
        awaitExec(gate);
        return gate;
    }

    /**
     * Until the shell has {@code exec}ed the command (its {@code /proc} command line is no longer the gate's), so a run
     * is reported started when its command is, as a forked one is once the JDK has seen its {@code exec} succeed.
     * Bounded by {@link #EXEC_WAIT}; without {@code /proc} it answers at once.
     */
    private static void awaitExec(Process gate) {
        Path cmdline = Path.of("/proc", Long.toString(gate.pid()), "cmdline");
        long deadline = System.nanoTime() + EXEC_WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                byte[] now = Files.readAllBytes(cmdline);
                if (!startsWith(now, GATED)) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        } catch (IOException e) {
            // No /proc, or the process already ended: nothing left to wait for.
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The program {@link ProcessBuilder} would run for {@code command}: a name with a slash as it is; a bare name looked
     * up on {@code path} (only absolute entries; null when one is relative or empty, since those resolve against a
     * directory the shell and the JDK may see differently); null when not found.
     */
    static String resolve(String command, String path) {
        if (command == null || command.isEmpty()) {
            return null;
        }
        if (command.indexOf('/') >= 0) {
            return command;
        }
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                return null;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
