package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.internal.EventCodec;
import io.hetumind.core.model.Item;
import java.util.List;

/**
 * Everything that happens to an execution. The state is a fold of these events (the engine's
 * state machine applies them); they are also what checkpoints journal and what listeners
 * receive. Times are epoch milliseconds.
 */
public sealed interface ExecutionEvent {

    long at();

    /** {@code event} as checkpoints journal it ({@link Checkpointer.Entry#json()}): one line of compact JSON. */
    static String toJson(ExecutionEvent event) {
        return EventCodec.write(event);
    }

    /** A journaled event read back; throws for text that is not one. */
    static ExecutionEvent fromJson(String json) {
        return EventCodec.read(json);
    }

    /** The node whose try this event ends (finished, failed, waiting or deferred), or null for any other event. */
    static String outcomeNode(ExecutionEvent event) {
        return switch (event) {
            case NodeFinished e -> e.node();
            case NodeFailed e -> e.node();
            case NodeWaiting e -> e.node();
            case NodeDeferred e -> e.node();
            default -> null;
        };
    }

    /**
     * The execution begins at {@code startNode} with {@code triggerItems} as its input; {@code
     * info} records what it was started as (mode, parent, workflow id and version, options).
     */
    record Started(long at, String startNode, List<Item> triggerItems, RunInfo info) implements ExecutionEvent {}

    record NodeStarted(long at, long taskId, String node) implements ExecutionEvent {}

    /**
     * The run paused at a breakpoint: before task {@code taskId} of {@code node} started, or ({@code after}) once it
     * finished. The execution is {@code WAITING} with pause reason {@code breakpoint} until a resume or an abort.
     */
    record BreakHit(long at, long taskId, String node, boolean after) implements ExecutionEvent {}

    /**
     * A node run produced outputs (after the engine applied continue-on-fail or
     * always-output-data). {@code error} is set when the node failed but the run continued. {@code subRuns}: the calls
     * it made of its sub-nodes.
     */
    record NodeFinished(
            long at,
            long taskId,
            String node,
            long startTime,
            long executionTimeMs,
            List<List<Item>> outputs,
            ObjectNode nodeState,
            List<String> console,
            ExecutionError error,
            NodeCost cost,
            List<SubRun> subRuns)
            implements ExecutionEvent {

        public NodeFinished {
            subRuns = subRuns == null ? List.of() : List.copyOf(subRuns);
        }

        /** A result without sub-node calls. */
        public NodeFinished(
                long at,
                long taskId,
                String node,
                long startTime,
                long executionTimeMs,
                List<List<Item>> outputs,
                ObjectNode nodeState,
                List<String> console,
                ExecutionError error,
                NodeCost cost) {
            this(at, taskId, node, startTime, executionTimeMs, outputs, nodeState, console, error, cost, List.of());
        }

        /** A result without a measured cost (the engine does not profile nodes). */
        public NodeFinished(
                long at,
                long taskId,
                String node,
                long startTime,
                long executionTimeMs,
                List<List<Item>> outputs,
                ObjectNode nodeState,
                List<String> console,
                ExecutionError error) {
            this(at, taskId, node, startTime, executionTimeMs, outputs, nodeState, console, error, null);
        }
    }

    /**
     * A try failed; {@code retryAt >= 0} schedules another try, otherwise the run failed for good. {@code subRuns}: the
     * calls it made of its sub-nodes (kept only when the run failed for good).
     */
    record NodeFailed(
            long at,
            long taskId,
            String node,
            long startTime,
            long executionTimeMs,
            ExecutionError error,
            List<String> console,
            long retryAt,
            NodeCost cost,
            List<SubRun> subRuns)
            implements ExecutionEvent {

        public NodeFailed {
            subRuns = subRuns == null ? List.of() : List.copyOf(subRuns);
        }

        /** A failure without sub-node calls. */
        public NodeFailed(
                long at,
                long taskId,
                String node,
                long startTime,
                long executionTimeMs,
                ExecutionError error,
                List<String> console,
                long retryAt,
                NodeCost cost) {
            this(at, taskId, node, startTime, executionTimeMs, error, console, retryAt, cost, List.of());
        }

        /** A failure without a measured cost (the engine does not profile nodes). */
        public NodeFailed(
                long at,
                long taskId,
                String node,
                long startTime,
                long executionTimeMs,
                ExecutionError error,
                List<String> console,
                long retryAt) {
            this(at, taskId, node, startTime, executionTimeMs, error, console, retryAt, null);
        }
    }

    /** A node parks until {@code until} (-1: until resumed from outside) and then emits {@code outputs}. */
    record NodeWaiting(
            long at,
            long taskId,
            String node,
            long startTime,
            long until,
            List<List<Item>> outputs,
            ObjectNode nodeState)
            implements ExecutionEvent {}

    /**
     * A node could not finish yet (its sub-workflow is parked): its task goes back to the queue
     * with the same try, due at {@code notBefore} ({@code Long.MAX_VALUE}: when the execution is
     * resumed from outside).
     */
    record NodeDeferred(long at, long taskId, String node, long notBefore) implements ExecutionEvent {}

    /** A parked node resumes; {@code outputs} replaces its stored outputs when not null. */
    record Resumed(long at, String node, List<List<Item>> outputs) implements ExecutionEvent {}

    /** The run stops dispatching: {@code reason} is {@code wait}, {@code pause} or {@code deadline}. */
    record Paused(long at, String reason) implements ExecutionEvent {}

    /** A paused or crashed execution runs again. */
    record Continued(long at) implements ExecutionEvent {}

    /**
     * The worker running the execution was lost; in-flight runs go back to the queue. Not {@code counted} when its host
     * broke the run off in order (a store write failed, it gave the execution back): those tries were cut short, not
     * the cause, so they do not count towards failing the node.
     */
    record Crashed(long at, boolean counted) implements ExecutionEvent {
        /** A loss that counts against the tries of what was in flight (the worker died, or went silent). */
        public Crashed(long at) {
            this(at, true);
        }
    }

    record Canceled(long at, String reason) implements ExecutionEvent {}

    /** Nothing is left to run: the execution succeeded. */
    record Finished(long at) implements ExecutionEvent {}
}
