package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.NodeCost;
import java.lang.management.ManagementFactory;

/** Measures {@link NodeCost}s from the JVM's thread accounting, for a profiling engine. */
final class NodeCosts {

    private NodeCosts() {}

    private static final com.sun.management.ThreadMXBean MX = mx();

    private static com.sun.management.ThreadMXBean mx() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isCurrentThreadCpuTimeSupported()) {
            if (!t.isThreadCpuTimeEnabled()) {
                t.setThreadCpuTimeEnabled(true);
            }
            if (t.isThreadAllocatedMemorySupported() && !t.isThreadAllocatedMemoryEnabled()) {
                t.setThreadAllocatedMemoryEnabled(true);
            }
            return t;
        }
        return null;
    }

    /** The calling thread's counters now; null where the JVM does not count for it (a virtual thread). */
    static long[] sample() {
        if (MX == null || Thread.currentThread().isVirtual()) {
            return null;
        }
        long cpu = MX.getCurrentThreadCpuTime();
        long alloc = MX.getCurrentThreadAllocatedBytes();
        return cpu < 0 || alloc < 0 ? null : new long[] {cpu, alloc};
    }

    /** What the calling thread spent since {@code before}; null when it was not sampled. */
    static NodeCost since(long[] before) {
        long[] now = sample();
        return before == null || now == null ? null : new NodeCost(now[0] - before[0], now[1] - before[1]);
    }

    /** {@code event} (a node's result) carrying {@code cost}; other events unchanged. */
    static ExecutionEvent attach(ExecutionEvent event, NodeCost cost) {
        return switch (event) {
            case ExecutionEvent.NodeFinished e ->
                new ExecutionEvent.NodeFinished(
                        e.at(),
                        e.taskId(),
                        e.node(),
                        e.startTime(),
                        e.executionTimeMs(),
                        e.outputs(),
                        e.nodeState(),
                        e.console(),
                        e.error(),
                        cost,
                        e.subRuns());
            case ExecutionEvent.NodeFailed e ->
                new ExecutionEvent.NodeFailed(
                        e.at(),
                        e.taskId(),
                        e.node(),
                        e.startTime(),
                        e.executionTimeMs(),
                        e.error(),
                        e.console(),
                        e.retryAt(),
                        cost,
                        e.subRuns());
            default -> event;
        };
    }
}
