package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.model.Item;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Drives one execution: asks the machine what is runnable, runs nodes inline or on virtual
 * threads within the per-execution and global limits, applies their events, checkpoints and
 * notifies listeners. Runs on the thread that calls {@link #run()}.
 */
final class Coordinator {

    private static final System.Logger LOG = System.getLogger(Coordinator.class.getName());
    /** Timed waits shorter than this are slept through in-process, as n8n does (65 s). */
    private static final long IN_PROCESS_WAIT_MS = 65_000;

    private final EngineServices services;
    private final ExecutionMachine machine;
    private final ExecutionState state;
    private final RunRequest request;
    private final Control control;
    private final Semaphore global;
    private final NodeInvoker invoker;
    private final Map<Long, Thread> inflight = new HashMap<>();
    private final long timeoutAt;

    Coordinator(
            EngineServices services,
            ExecutionMachine machine,
            ExecutionState state,
            RunRequest request,
            Control control,
            Semaphore global,
            Map<Class<?>, Object> runServices) {
        this.services = services;
        this.machine = machine;
        this.state = state;
        this.request = request;
        this.control = control;
        this.global = global;
        this.invoker = new NodeInvoker(services, machine.graph(), request.usePinData(), runServices);
        long timeout = machine.graph().workflow().settings().timeoutMs();
        this.timeoutAt = timeout > 0 ? services.clock().millis() + timeout : Long.MAX_VALUE;
    }

    void apply(ExecutionEvent event) {
        machine.apply(state, event);
        Checkpointer cp = services.checkpointer();
        if (!cp.isNone()) {
            cp.append(state.executionId(), state.seq(), EventCodec.write(event));
            if (services.snapshotEvery() > 0 && state.seq() % services.snapshotEvery() == 0) {
                cp.snapshot(state.executionId(), state.seq(), StateCodec.write(state));
            }
        }
        for (ExecutionListener l : services.listeners()) {
            try {
                l.onEvent(state, event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "execution listener failed: " + e);
            }
        }
    }

    ExecutionResult run() {
        int limit = !request.parallel()
                ? 1
                : request.maxParallel() > 0
                        ? request.maxParallel()
                        : machine.graph().workflow().settings().concurrency() > 0
                                ? machine.graph().workflow().settings().concurrency()
                                : services.defaultParallelism();
        try {
            loop(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!state.status().terminal()) {
                apply(new Canceled(services.clock().millis(), "interrupted"));
            }
        } finally {
            inflight.values().forEach(Thread::interrupt);
            if (!services.checkpointer().isNone()) {
                services.checkpointer().snapshot(state.executionId(), state.seq(), StateCodec.write(state));
                services.checkpointer().release(state.executionId());
            }
        }
        return new ExecutionResult(state);
    }

    private void loop(int limit) throws InterruptedException {
        while (!state.status().terminal()) {
            long now = services.clock().millis();
            if (control.canceled() || now >= timeoutAt) {
                String reason = control.canceled()
                        ? control.cancelReason()
                        : "timed out after "
                                + machine.graph().workflow().settings().timeoutMs() + " ms";
                apply(new Canceled(now, reason));
                return;
            }
            resumeDueWaits(now);
            boolean stop = control.pauseRequested() || (request.deadline() > 0 && now >= request.deadline());
            if (!stop && dispatch(limit, now)) {
                continue; // an inline run changed the state: look again
            }
            if (state.status().terminal()) {
                return;
            }
            if (inflight.isEmpty()) {
                if (stop && (state.hasWork() || !state.waiting.isEmpty())) {
                    apply(new Paused(now, control.pauseRequested() ? "pause" : "deadline"));
                    return;
                }
                long due = machine.nextDue(state);
                if (state.ready.isEmpty()
                        && !state.waiting.isEmpty()
                        && (due == Long.MAX_VALUE
                                || due - now > IN_PROCESS_WAIT_MS
                                || (request.deadline() > 0 && due > request.deadline()))) {
                    apply(new Paused(now, "wait"));
                    return;
                }
                if (state.ready.isEmpty() && state.waiting.isEmpty()) {
                    apply(new Finished(now));
                    return;
                }
            }
            long due = Math.min(machine.nextDue(state), request.deadline() > 0 ? request.deadline() : Long.MAX_VALUE);
            due = Math.min(due, timeoutAt);
            long waitMs = due == Long.MAX_VALUE
                    ? 60_000
                    : Math.max(1, due - services.clock().millis());
            Object msg = control.inbox.poll(waitMs, TimeUnit.MILLISECONDS);
            if (msg instanceof ExecutionEvent event) {
                receive(event);
            }
        }
    }

    private void receive(ExecutionEvent event) {
        long taskId =
                switch (event) {
                    case ExecutionEvent.NodeFinished e -> e.taskId();
                    case ExecutionEvent.NodeFailed e -> e.taskId();
                    case ExecutionEvent.NodeWaiting e -> e.taskId();
                    default -> -1;
                };
        if (inflight.remove(taskId) != null && !control.canceled()) {
            apply(event);
        }
    }

    private void resumeDueWaits(long now) {
        for (WaitingRun w : List.copyOf(state.waiting)) {
            if (w.until() >= 0 && w.until() <= now) {
                apply(new Resumed(now, w.task().node(), null));
            }
        }
    }

    /** Starts what may run; returns true when a node ran inline (the state moved on). */
    private boolean dispatch(int limit, long now) throws InterruptedException {
        while (inflight.size() < limit) {
            Task task = machine.nextRunnable(state, now);
            if (task == null) {
                return false;
            }
            apply(new NodeStarted(now, task.id(), task.node()));
            List<List<Item>> inputs = NodeInvoker.resolveInputs(state, task);
            ObjectNode prior = state.nodeState(task.node());
            ObjectNode copy = prior == null ? null : prior.deepCopy();
            boolean inline = !request.parallel() || (inflight.isEmpty() && state.ready.isEmpty());
            if (inline) {
                ExecutionEvent result = invoker.invoke(state, task, inputs, copy, control);
                if (control.canceled()) {
                    Thread.interrupted(); // the interrupt was for the node, not for us
                    apply(new Canceled(services.clock().millis(), control.cancelReason()));
                    return false;
                }
                apply(result);
                return true;
            }
            global.acquire();
            Thread t = Thread.ofVirtual().name("hetumind-" + task.node()).unstarted(() -> {
                ExecutionEvent result;
                try {
                    result = invoker.invoke(state, task, inputs, copy, control);
                } catch (Throwable e) {
                    long at = services.clock().millis();
                    result = new ExecutionEvent.NodeFailed(
                            at, task.id(), task.node(), at, 0, NodeInvoker.toError(task.node(), e), List.of(), -1);
                }
                try {
                    control.inbox.add(result);
                } finally {
                    global.release();
                }
            });
            inflight.put(task.id(), t);
            t.start();
        }
        return false;
    }
}
