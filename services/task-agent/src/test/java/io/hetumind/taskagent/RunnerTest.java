package io.hetumind.taskagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.run.LocalLogs;
import io.hetumind.taskagent.run.Reporter;
import io.hetumind.taskagent.run.Runner;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's local timer: dispatches held until their start time, with real child processes. */
class RunnerTest {
    @TempDir
    Path dir;

    /** An event a run reported, with the agent's timestamp for {@code started} and when it was seen. */
    record Seen(UUID instance, String event, long at, long seenAt) {}

    static final class Events implements Reporter {
        final BlockingQueue<Seen> queue = new LinkedBlockingQueue<>();

        @Override
        public void started(UUID instance, long at) {
            queue.add(new Seen(instance, "started", at, System.currentTimeMillis()));
        }

        @Override
        public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {}

        @Override
        public void ended(UUID instance, String event, Integer exitCode, Long cpu, Long rss, String message) {
            queue.add(new Seen(instance, event, System.currentTimeMillis(), System.currentTimeMillis()));
        }

        Seen next() throws InterruptedException {
            Seen s = queue.poll(20, TimeUnit.SECONDS);
            assertThat(s).as("an event within 20 s").isNotNull();
            return s;
        }
    }

    private Runner runner() {
        return new Runner(2, new LocalLogs(dir.resolve("logs"), 1 << 20, 2, 10), Duration.ofMillis(500));
    }

    private static Messages.Dispatch dispatch(String script, Long notBefore) {
        return new Messages.Dispatch(
                        Uuid7.next(), Uuid7.next(), "t", 1, "sh", List.of("-c", script), Map.of(), null, 10_000)
                .with(notBefore, null);
    }

    @Test
    void aDispatchWithAStartTimeAheadWaitsForItHoldingItsSlot() throws Exception {
        Runner runner = runner();
        Events events = new Events();
        // Seconds ahead: on a loaded machine the first start (class loading) can take longer than a short lead.
        long startAt = System.currentTimeMillis() + 3000;
        Messages.Dispatch d = dispatch("exit 0", startAt);
        assertThat(runner.start(d, events)).isTrue();
        assertThat(runner.held()).isEqualTo(1);
        assertThat(runner.free()).as("the held run keeps its slot").isEqualTo(1);
        assertThat(runner.runningIds())
                .as("and is known, so a re-register keeps it")
                .contains(d.instanceId());
        assertThat(runner.start(d, events))
                .as("a re-sent dispatch is not held twice")
                .isFalse();
        Seen started = events.next();
        assertThat(started.event()).isEqualTo("started");
        assertThat(started.at()).as("never before its start time").isGreaterThanOrEqualTo(startAt);
        assertThat(events.next().event()).isEqualTo("succeeded");
        assertThat(runner.held()).isZero();
        // A start time already passed runs at once.
        Messages.Dispatch late = dispatch("exit 3", System.currentTimeMillis() - 5000);
        runner.start(late, events);
        assertThat(events.next().event()).isEqualTo("started");
        assertThat(events.next().event()).isEqualTo("failed");
    }

    @Test
    void aHeldDispatchCanceledBeforeItsTimeEndsAtOnceWithoutStarting() throws Exception {
        Runner runner = runner();
        Events events = new Events();
        Path marker = dir.resolve("ran");
        long startAt = System.currentTimeMillis() + 5000;
        Messages.Dispatch d = dispatch("touch '" + marker + "'", startAt);
        runner.start(d, events);
        assertThat(runner.cancel(d.instanceId())).isTrue();
        Seen ended = events.next();
        assertThat(ended.event()).isEqualTo("canceled");
        assertThat(ended.seenAt())
                .as("reported at the cancel, not at the start time")
                .isLessThan(startAt);
        Thread.sleep(startAt - System.currentTimeMillis() + 300);
        assertThat(events.queue).as("nothing after the cancel").isEmpty();
        assertThat(Files.exists(marker)).as("the command never ran").isFalse();
        assertThat(runner.free()).isEqualTo(2);
    }

    @Test
    void atShutdownAHeldDispatchIsDroppedUnreportedAndARunningOneCanceled() throws Exception {
        Runner runner = runner();
        Events events = new Events();
        Path marker = dir.resolve("ran");
        long startAt = System.currentTimeMillis() + 1500;
        Messages.Dispatch held = dispatch("touch '" + marker + "'", startAt);
        Messages.Dispatch now = dispatch("echo up; sleep 30", null);
        runner.start(held, events);
        runner.start(now, events);
        assertThat(events.next().event()).isEqualTo("started");
        runner.cancelAll();
        Seen ended = events.next();
        assertThat(ended.instance()).isEqualTo(now.instanceId());
        assertThat(ended.event()).isEqualTo("canceled");
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()) + 500);
        assertThat(events.queue)
                .as("nothing reported for the held run: the server re-queues it")
                .isEmpty();
        assertThat(Files.exists(marker)).as("the held command never ran").isFalse();
        assertThat(runner.held()).isZero();
        assertThat(runner.runningIds()).isEmpty();
    }

    @Test
    void whenTheLinkIsLostHeldRunsAreDroppedUnreportedAndStartedOnesGoOn() throws Exception {
        Runner runner = runner();
        Events events = new Events();
        Path marker = dir.resolve("ran");
        Messages.Dispatch now = dispatch("echo up; sleep 1", null);
        runner.start(now, events);
        assertThat(events.next().event()).isEqualTo("started");
        long startAt = System.currentTimeMillis() + 5000;
        Messages.Dispatch held = dispatch("touch '" + marker + "'", startAt);
        runner.start(held, events);
        assertThat(runner.dropHeld()).as("the held run is dropped").isEqualTo(1);
        assertThat(runner.dropHeld()).as("once").isZero();
        assertThat(runner.runningIds())
                .as("a register right after the drop does not list it, even before its thread has ended")
                .doesNotContain(held.instanceId());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.free() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runner.free()).as("the dropped run's slot is free again").isEqualTo(1);
        assertThat(runner.runningIds())
                .as("its slot is free; the started run goes on, so a re-register lists only it")
                .containsExactly(now.instanceId());
        assertThat(runner.held()).isZero();
        Seen ended = events.next();
        assertThat(ended.instance()).isEqualTo(now.instanceId());
        assertThat(ended.event()).isEqualTo("succeeded");
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()) + 500);
        assertThat(events.queue).as("nothing reported for the dropped run").isEmpty();
        assertThat(Files.exists(marker)).as("the dropped command never ran").isFalse();
        assertThat(runner.start(held, events))
                .as("a re-sent dispatch of a dropped run does not start it (the server re-queues it as a new attempt)")
                .isFalse();
    }

    @Test
    void aHeldRunIsPreparedOnArrivalAndAMissingWorkingDirectoryIsReportedAtItsStartTime() throws Exception {
        Runner runner = runner();
        Events events = new Events();
        long startAt = System.currentTimeMillis() + 800;
        UUID id = Uuid7.next();
        Messages.Dispatch d = new Messages.Dispatch(
                        id,
                        Uuid7.next(),
                        "t",
                        1,
                        "sh",
                        List.of("-c", "true"),
                        Map.of(),
                        dir.resolve("missing").toString(),
                        10_000)
                .with(startAt, null);
        runner.start(d, events);
        Seen ended = events.next();
        assertThat(ended.event()).isEqualTo("failed");
        assertThat(ended.seenAt()).as("at its start time, not on arrival").isGreaterThanOrEqualTo(startAt);
        // A good one: its local log file exists before its start time (prepared on arrival).
        long later = System.currentTimeMillis() + 5000;
        Messages.Dispatch ok = dispatch("echo hi", later);
        runner.start(ok, events);
        while (!Files.exists(dir.resolve("logs").resolve(ok.instanceId() + ".log"))
                && System.currentTimeMillis() < later) {
            Thread.sleep(10);
        }
        assertThat(System.currentTimeMillis())
                .as("log file made before the start time")
                .isLessThan(later);
        assertThat(events.next().event()).isEqualTo("started");
        assertThat(events.next().event()).isEqualTo("succeeded");
    }

    /** Forked at once, and held (its process started ahead, the context handed over at the release). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRunIsASpanWhoseParentIsTheDispatchSpanAndItsProcessGetsTheContext(boolean held) throws Exception {
        List<SpanData> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(java.util.Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(collect))
                .build()) {
            Runner runner = new Runner(
                    2,
                    new LocalLogs(dir.resolve("logs"), 1 << 20, 2, 10),
                    Duration.ofMillis(500),
                    provider.get("test"),
                    true);
            String traceId = "0af7651916cd43dd8448eb211c80319c";
            String dispatchSpan = "b7ad6b7169203331";
            Path seen = dir.resolve("traceparent");
            Messages.Dispatch d = new Messages.Dispatch(
                            Uuid7.next(),
                            Uuid7.next(),
                            "traced",
                            1,
                            "sh",
                            List.of("-c", "printf %s \"$TRACEPARENT\" > '" + seen + "'; exit 2"),
                            Map.of(),
                            null,
                            10_000)
                    .with(
                            held ? System.currentTimeMillis() + 1000 : null,
                            "00-" + traceId + "-" + dispatchSpan + "-01");
            Events events = new Events();
            runner.start(d, events);
            assertThat(events.next().event()).isEqualTo("started");
            assertThat(events.next().event()).isEqualTo("failed");
            long deadline = System.currentTimeMillis() + 5000;
            while (ended.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ended).hasSize(1);
            SpanData run = ended.getFirst();
            assertThat(run.getName()).isEqualTo("task run");
            assertThat(run.getTraceId()).as("the server's trace").isEqualTo(traceId);
            assertThat(run.getParentSpanId()).as("a child of the dispatch span").isEqualTo(dispatchSpan);
            assertThat(run.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
            assertThat(run.getAttributes().asMap().toString())
                    .contains(d.instanceId().toString());
            assertThat(Files.readString(seen))
                    .as("the process runs under the run span")
                    .isEqualTo("00-" + traceId + "-" + run.getSpanId() + "-01");
        }
    }
}
