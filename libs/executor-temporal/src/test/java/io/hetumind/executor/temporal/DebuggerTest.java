package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.PausedView;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Breakpoints, stepping and pause on Temporal, side by side with the native engine: the run is held where the engine
 * holds it (status {@code WAITING}, pause reason {@code breakpoint}, the same node, before or after, the same inputs
 * and outputs and expression context), goes on by a {@code debug} update, and ends with the run data of a native run
 * continued the same way; a hold survives a worker restart; every history replays on the current code.
 */
@Timeout(120)
class DebuggerTest {

    static final Workflow CHAIN = WorkflowFormat.readJson(
            """
            {"id":"wf-dbg","version":1,"name":"chain","nodes":[
              {"name":"Start","type":"test.trigger"},
              {"name":"First","type":"test.tag"},
              {"name":"Middle","type":"test.tag","parameters":{"note":"={{ $json.path[0] + '!' }}"}},
              {"name":"Last","type":"test.tag"}],
             "connections":{"Start":{"main":[[{"node":"First"}]]},"First":{"main":[[{"node":"Middle"}]]},
               "Middle":{"main":[[{"node":"Last"}]]}}}
            """);

    @BeforeEach
    void reset() {
        TestNodes.CALLS.clear();
    }

    private static RunRequest request(String id, Breakpoints b) {
        return RunRequest.defaults()
                .withExecutionId(id)
                .withInput(List.of(
                        Item.of(Json.object().put("n", 1)),
                        Item.of(Json.object().put("n", 2))))
                .withBreakpoints(b);
    }

    private static Engine nativeEngine() {
        return Engine.builder()
                .registry(TemporalHarness.REGISTRY)
                .checkpointer(new InMemoryCheckpointer())
                .build();
    }

    /** Waits until the execution is held for a debugger (breakpoint or pause) and returns its summary. */
    private static RunSummary held(TemporalHarness h, String id, String reason) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            var s = h.executor.summary(id);
            if (s.isPresent()
                    && "WAITING".equals(s.get().status())
                    && reason.equals(s.get().pauseReason())) {
                return s.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + id + " was never held (" + reason + ")");
    }

    private static PausedView view(TemporalHarness h, PreparedWorkflow wf, RunSummary s) {
        ExecutionState state = h.executor.hydrate(s);
        return h.engine
                .paused(wf, state, s.held(), s.heldAfter(), RunRequest.defaults())
                .orElseThrow();
    }

    @Test
    void heldBeforeAndAfterAsNativelyAndGoesOnToTheSameRunData() throws Exception {
        Breakpoints b = Breakpoints.before("Middle").andAfter("Middle");
        Engine engine = nativeEngine();
        PreparedWorkflow nwf = engine.prepare(CHAIN);
        ExecutionResult n1 = engine.run(nwf, request("dbg-t", b));
        PausedView nBefore = engine.paused(nwf, "dbg-t", RunRequest.defaults()).orElseThrow();
        ExecutionResult n2 = engine.resume(nwf, "dbg-t", request("dbg-t", b));
        PausedView nAfter = engine.paused(nwf, "dbg-t", RunRequest.defaults()).orElseThrow();
        ExecutionResult nEnd = engine.resume(nwf, "dbg-t", request("dbg-t", b));
        assertThat(List.of(n1.status(), n2.status(), nEnd.status()))
                .containsExactly(ExecutionStatus.WAITING, ExecutionStatus.WAITING, ExecutionStatus.SUCCESS);

        int nativeMiddle = TestNodes.calls("Middle");
        int nativeLast = TestNodes.calls("Last");
        try (TemporalHarness h = new TemporalHarness()) {
            PreparedWorkflow wf = h.engine.prepare(CHAIN);
            h.executor.start(CHAIN, request("dbg-t", b));
            RunSummary before = held(h, "dbg-t", ExecutionState.BREAKPOINT);
            assertThat(before.held().node()).isEqualTo("Middle");
            assertThat(before.heldAfter()).isFalse();
            assertThat(before.wakeAt()).isEqualTo(-1);
            ExecutionState atBefore = h.executor.hydrate(before);
            assertThat(atBefore.runs("Middle")).isEmpty();
            PausedView tBefore = view(h, wf, before);
            assertThat(tBefore.node()).isEqualTo(nBefore.node());
            assertThat(tBefore.after()).isFalse();
            assertThat(tBefore.inputs()).isEqualTo(nBefore.inputs());
            assertThat(tBefore.outputs()).isEmpty();
            assertThat(tBefore.evaluate("={{ $json.n * 10 }}", 1).asInt()).isEqualTo(20);
            assertThat(tBefore.evaluate("={{ $('First').item.json.path.join('/') }}", 0))
                    .isEqualTo(nBefore.evaluate("={{ $('First').item.json.path.join('/') }}", 0));
            assertThat(TestNodes.calls("Middle")).isEqualTo(nativeMiddle);

            // a continue of a run that is not held changes nothing and says so; this one is held
            assertThat(h.executor.debug("dbg-t", DebugCommand.proceed(b))).isTrue();
            RunSummary after = held(h, "dbg-t", ExecutionState.BREAKPOINT);
            assertThat(after.heldAfter()).isTrue();
            assertThat(after.held().node()).isEqualTo("Middle");
            PausedView tAfter = view(h, wf, after);
            assertThat(tAfter.after()).isTrue();
            assertThat(tAfter.outputs()).isEqualTo(nAfter.outputs());
            assertThat(tAfter.inputs()).isEqualTo(nAfter.inputs());
            assertThat(TestNodes.calls("Last")).isEqualTo(nativeLast);

            assertThat(h.executor.debug("dbg-t", DebugCommand.proceed(b))).isTrue();
            ExecutionResult end = h.executor.await("dbg-t");
            assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(TemporalHarness.comparable(end)).isEqualTo(TemporalHarness.comparable(nEnd));
            assertThat(h.executor.debug("dbg-t", DebugCommand.proceed(b))).isFalse();
            var history = h.env.getWorkflowClient().fetchHistory("dbg-t");
            assertThat(history.getEvents().stream().map(HistoryEvent::getEventType))
                    .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
            replays(h, "dbg-t");
        }
    }

    @Test
    void steppingHoldsBeforeEveryNodeAndCancelWhileHeldEndsIt() throws Exception {
        try (TemporalHarness h = new TemporalHarness()) {
            Breakpoints step = Breakpoints.NONE.stepping();
            h.executor.start(CHAIN, request("dbg-step", step));
            List<String> heldAt = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RunSummary s = held(h, "dbg-step", ExecutionState.BREAKPOINT);
                heldAt.add(s.held().node());
                assertThat(h.executor.debug("dbg-step", DebugCommand.proceed(step)))
                        .isTrue();
                awaitNotHeldAt(h, "dbg-step", s.held().id());
            }
            RunSummary atLast = held(h, "dbg-step", ExecutionState.BREAKPOINT);
            heldAt.add(atLast.held().node());
            assertThat(heldAt).containsExactly("Start", "First", "Middle", "Last");
            assertThat(TestNodes.calls("Middle")).isEqualTo(1);

            h.executor.cancel("dbg-step");
            ExecutionResult r = h.executor.await("dbg-step");
            assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
            assertThat(r.state().runs("Last")).isEmpty();
            assertThat(TestNodes.calls("Last")).isZero();
        }
    }

    @Test
    void breakpointsChangedWhileHeldApplyFromThere() throws Exception {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(CHAIN, request("dbg-change", Breakpoints.before("First")));
            held(h, "dbg-change", ExecutionState.BREAKPOINT);
            // changing the breakpoints does not release the hold; the continue that follows honours the change
            assertThat(h.executor.debug(
                            "dbg-change", new DebugCommand(DebugCommand.BREAKPOINTS, Breakpoints.before("Last"))))
                    .isTrue();
            RunSummary still = h.executor.summary("dbg-change").orElseThrow();
            assertThat(still.held().node()).isEqualTo("First");
            assertThat(h.executor.debug("dbg-change", DebugCommand.proceed(Breakpoints.before("Last"))))
                    .isTrue();
            awaitNotHeldAt(h, "dbg-change", still.held().id());
            RunSummary atLast = held(h, "dbg-change", ExecutionState.BREAKPOINT);
            assertThat(atLast.held().node()).isEqualTo("Last");
            assertThat(h.executor.debug("dbg-change", DebugCommand.proceed(Breakpoints.NONE)))
                    .isTrue();
            assertThat(h.executor.await("dbg-change").status()).isEqualTo(ExecutionStatus.SUCCESS);
            replays(h, "dbg-change");
        }
    }

    @Test
    void aPauseHoldsTheRunOnceTheNodeInFlightEndsAndAContinueGoesOn() throws Exception {
        Workflow slow = WorkflowFormat.readJson(
                """
                {"name":"slow","nodes":[
                  {"name":"P Start","type":"test.trigger"},
                  {"name":"P Slow","type":"test.sleep","parameters":{"ms":1500}},
                  {"name":"P Last","type":"test.tag"}],
                 "connections":{"P Start":{"main":[[{"node":"P Slow"}]]},"P Slow":{"main":[[{"node":"P Last"}]]}}}
                """);
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(slow, request("dbg-pause", Breakpoints.NONE));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (TestNodes.calls("P Slow") == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(h.executor.debug("dbg-pause", new DebugCommand(DebugCommand.PAUSE, null)))
                    .isTrue();
            RunSummary paused = held(h, "dbg-pause", "pause");
            assertThat(paused.held()).isNull();
            ExecutionState s = h.executor.hydrate(paused);
            assertThat(s.runs("P Slow")).hasSize(1);
            assertThat(s.runs("P Last")).isEmpty();
            assertThat(TestNodes.calls("P Last")).isZero();
            // held: a pause again has nothing to do
            assertThat(h.executor.debug("dbg-pause", new DebugCommand(DebugCommand.PAUSE, null)))
                    .isFalse();
            assertThat(h.executor.debug("dbg-pause", DebugCommand.proceed(null)))
                    .isTrue();
            ExecutionResult r = h.executor.await("dbg-pause");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.state().runs("P Last")).hasSize(1);
        }
    }

    /**
     * A new worker rebuilds a held run from its history alone: the history of a run held at a breakpoint replays on a
     * worker that never ran it (what a restarted worker does; the in-process test service cannot move a workflow task
     * off a stopped worker's sticky queue, see README "Tests"), and the run then goes on from the hold.
     */
    @Test
    void aHoldIsRebuiltFromHistoryAloneAndGoesOn() throws Exception {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(CHAIN, request("dbg-restart", Breakpoints.before("Middle")));
            RunSummary s = held(h, "dbg-restart", ExecutionState.BREAKPOINT);
            replays(h, "dbg-restart");
            assertThat(h.executor.summary("dbg-restart").orElseThrow().held()).isEqualTo(s.held());
            int firstCalls = TestNodes.calls("First");
            assertThat(h.executor.debug("dbg-restart", DebugCommand.proceed(null)))
                    .isTrue();
            ExecutionResult r = h.executor.await("dbg-restart");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(TestNodes.calls("First")).isEqualTo(firstCalls);
            assertThat(r.state().runs("Middle")).hasSize(1);
            replays(h, "dbg-restart");
        }
    }

    private static void awaitNotHeldAt(TemporalHarness h, String id, long task) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            RunSummary s = h.executor.summary(id).orElseThrow();
            if (s.held() == null || s.held().id() != task) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + id + " stayed held at task " + task);
    }

    /** The run's history (its debug updates among it) replays on the current code. */
    private static void replays(TemporalHarness h, String id) throws Exception {
        var history = h.env.getWorkflowClient().fetchHistory(id);
        try (TemporalHarness fresh = new TemporalHarness(TemporalOptions.defaults(), false)) {
            Worker worker = fresh.env.newWorker("replay-" + id);
            TemporalWorkers.register(worker, fresh.engine, fresh.store, fresh.options);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }
}
