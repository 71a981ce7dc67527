package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One instance as a child process: environment and working directory from the job, output streamed line by line,
 * the timeout (or a cancel) ending the whole process tree with TERM and, after the grace period, KILL.
 */
public final class ProcessRun {
    /** Longer lines are cut (and marked) so a chunk always fits in a frame. */
    static final int MAX_LINE = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(ProcessRun.class);
    private final Messages.Dispatch d;
    private final Reporter reporter;
    private final LocalLogs logs;
    private final Duration killGrace;
    private final ResourceSampler sampler = new ResourceSampler();
    private volatile Process process;
    private volatile boolean canceled;
    private ProcessBuilder pb;
    private LocalLogs.Writer local;
    private LineBatcher batcher;
    /** Why the prepared run cannot start (reported as its failure at its start time). */
    private String notStartable;
    /** The run's process started ahead by {@link #arm()}, stopped in the gate until {@link #run()} releases it. */
    private Process armed;

    private final Tracer tracer;

    public ProcessRun(Messages.Dispatch d, Reporter reporter, LocalLogs logs, Duration killGrace) {
        this(d, reporter, logs, killGrace, OpenTelemetry.noop().getTracer("hetumind-task-agent"));
    }

    public ProcessRun(Messages.Dispatch d, Reporter reporter, LocalLogs logs, Duration killGrace, Tracer tracer) {
        this.d = d;
        this.reporter = reporter;
        this.logs = logs;
        this.killGrace = killGrace;
        this.tracer = tracer;
    }

    public Messages.Dispatch dispatch() {
        return d;
    }

    /**
     * Runs to the end on the calling thread, in a span that is a child of the dispatch's {@code traceparent} (a new
     * trace without one); the child process gets the span's context as {@code TRACEPARENT}.
     */
    public void run() {
        Span span = tracer.spanBuilder("task run")
                .setParent(Traceparent.parent(d.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("hetumind.instance_id", d.instanceId().toString())
                .setAttribute("hetumind.job_id", d.jobId().toString())
                .setAttribute("hetumind.job_name", String.valueOf(d.jobName()))
                .setAttribute("hetumind.attempt", d.attempt())
                .startSpan();
        try {
            String event = runTraced(Traceparent.format(span.getSpanContext()));
            span.setAttribute("hetumind.outcome", event);
            if (!"succeeded".equals(event)) {
                span.setStatus(StatusCode.ERROR, event);
            }
        } finally {
            span.end();
        }
    }

    /**
     * Everything that can be done before the start time, on the run's own thread as soon as the dispatch arrives: the
     * process builder with its environment, the working-directory check and the local log file. At the start time
     * only the fork is left ({@link #run()} prepares first if this was not called). A missing working directory is
     * reported when the run would have started.
     */
    public void prepare() {
        if (pb != null || notStartable != null) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(d.command());
        cmd.addAll(d.args() == null ? List.of() : d.args());
        ProcessBuilder b = new ProcessBuilder(cmd);
        Map<String, String> env = b.environment();
        if (d.env() != null) {
            env.putAll(d.env());
        }
        env.put("HETUMIND_INSTANCE_ID", d.instanceId().toString());
        env.put("HETUMIND_JOB_ID", d.jobId().toString());
        env.put("HETUMIND_ATTEMPT", String.valueOf(d.attempt()));
        if (d.workingDir() != null && !d.workingDir().isBlank()) {
            Path wd = Path.of(d.workingDir());
            if (!Files.isDirectory(wd)) {
                notStartable = "working directory " + wd + " does not exist";
                return;
            }
            b.directory(wd.toFile());
        }
        try {
            local = logs.open(d.instanceId());
        } catch (RuntimeException e) {
            LOG.errorf(e, "instance %s: cannot open its local log", d.instanceId());
            notStartable = "agent error: " + e.getMessage();
            return;
        }
        batcher = new LineBatcher(d.instanceId(), reporter, local);
        pb = b;
    }

    /**
     * For a run held until its start time: starts its process now, stopped in {@link Gate} before the command, so at
     * the start time {@link #run()} only releases it (one write to a pipe) instead of forking — 20 forks due at the same
     * instant queue for the CPU. Left unarmed (forked at the start time, as before) when the run cannot start, the
     * host has no {@code /bin/sh}, the command is not found on the agent's {@code PATH}, or the early start fails.
     */
    public void arm() {
        prepare();
        if (pb == null || armed != null || canceled) {
            return;
        }
        ProcessBuilder gate = Gate.builder(pb);
        if (gate == null) {
            return;
        }
        try {
            armed = gate.start();
        } catch (IOException e) {
            LOG.debugf(e, "instance %s: not started ahead, forked at its start time instead", d.instanceId());
        }
    }

    /** A prepared run that will never start (dropped unreported): its local log is closed, its armed process ended. */
    public void discard() {
        if (armed != null) {
            armed.destroyForcibly();
        }
        if (local != null) {
            local.close();
        }
    }

    private String runTraced(String traceparent) {
        prepare();
        if (notStartable != null) {
            reporter.ended(d.instanceId(), "failed", null, null, null, notStartable);
            return "failed";
        }
        if (traceparent != null) {
            pb.environment().put("TRACEPARENT", traceparent);
        }
        if (canceled) {
            discard();
            reporter.ended(d.instanceId(), "canceled", null, null, null, "canceled before it started");
            return "canceled";
        }
        try (LocalLogs.Writer ignored = local) {
            try {
                process = armed != null ? Gate.release(armed, traceparent) : pb.start();
            } catch (IOException e) {
                if (armed != null) {
                    armed.destroyForcibly();
                }
                reporter.ended(d.instanceId(), "failed", null, null, null, "cannot start: " + e.getMessage());
                return "failed";
            }
            reporter.started(d.instanceId(), System.currentTimeMillis());
            if (canceled) {
                // Canceled between the check above and the fork: cancel() may not have seen the process.
                Thread.ofVirtual().start(this::killTree);
            }
            process.getOutputStream().close(); // the command reads end-of-file, as it always has
            Thread out = Thread.ofVirtual().start(() -> pump(process.getInputStream(), "stdout", batcher));
            Thread err = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), "stderr", batcher));
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
            Thread flusher = Thread.ofVirtual().start(() -> flushEvery100ms(batcher, ended));
            boolean timedOut = !waitFor(d.timeoutMs());
            if (timedOut) {
                killTree();
            }
            int exit = waitForExit();
            join(out);
            join(err);
            // Never interrupt the flusher: an interrupt during the outbox's FileChannel write closes the channel for
            // good.
            ended.countDown();
            join(flusher);
            batcher.flush();
            String event = canceled ? "canceled" : timedOut ? "timed_out" : exit == 0 ? "succeeded" : "failed";
            String message =
                    timedOut ? "killed after its timeout of " + d.timeoutMs() + " ms" : canceled ? "canceled" : null;
            reporter.ended(d.instanceId(), event, exit, sampler.cpuMillis(), sampler.maxRssKb(), message);
            return event;
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "instance %s failed in the agent", d.instanceId());
            reporter.ended(d.instanceId(), "failed", null, null, null, "agent error: " + e.getMessage());
            return "failed";
        }
    }

    /** Stops the run: TERM to the tree, KILL after the grace period. */
    public void cancel() {
        canceled = true;
        if (process != null) {
            Thread.ofVirtual().start(this::killTree);
        }
    }

    private boolean waitFor(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (System.nanoTime() < deadline) {
                sampler.sample(process.toHandle());
                long left = deadline - System.nanoTime();
                if (process.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** TERM to the process and every descendant (taken before, since orphans leave the tree), then KILL. */
    void killTree() {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<ProcessHandle> last = new ArrayList<>(tree);
        root.descendants().forEach(last::add);
        last.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void pump(InputStream in, String stream, LineBatcher batcher) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char ch = buf[i];
                    if (ch == '\n') {
                        batcher.add(stream, strip(line));
                        line.setLength(0);
                    } else if (line.length() >= MAX_LINE) {
                        batcher.add(stream, line + "…");
                        line.setLength(0);
                        line.append(ch);
                    } else {
                        line.append(ch);
                    }
                }
            }
            if (!line.isEmpty()) {
                batcher.add(stream, strip(line));
            }
        } catch (IOException e) {
            // The stream closed (the process and its tree ended or were killed).
        }
    }

    private static String strip(StringBuilder line) {
        int len = line.length();
        return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
    }

    private static void flushEvery100ms(LineBatcher batcher, java.util.concurrent.CountDownLatch ended) {
        try {
            while (!ended.await(100, TimeUnit.MILLISECONDS)) {
                batcher.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
