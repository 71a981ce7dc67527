package io.hetumind.core.engine;

import java.util.List;

/**
 * What listeners receive: an immutable account of one step of an execution, safe to keep and to
 * read on any thread. Node events carry the node, its run index, try and item counts per output;
 * execution events carry the status, why a run parked and when it wakes.
 *
 * @param kind what happened
 * @param executionId the execution
 * @param workflowId its workflow (null for an unsaved file)
 * @param seq the event's sequence number in the execution's journal (0 for the sub-node call events, not journaled)
 * @param at epoch ms
 * @param node the node (node events only)
 * @param runIndex the node's run index, as in run data (node events only; -1 otherwise)
 * @param tryNumber the try (node events only; 0 otherwise)
 * @param itemCounts items per output (NODE_FINISHED, NODE_RESUMED); empty otherwise
 * @param startTime when the node run started (node events)
 * @param executionTimeMs how long it ran (NODE_FINISHED, NODE_FAILED, NODE_RETRYING)
 * @param error the node's or execution's error, if any
 * @param status the execution's status after the event
 * @param reason why it parked (wait, pause, deadline) or was canceled
 * @param wakeAt when a parked execution or retry is due (-1: only from outside)
 * @param cost what a finished or failed node run cost its thread (null unless the engine profiles nodes)
 * @param subNodes the sub-nodes a finished or failed (for good) node run called, in the order of their first call,
 *     each with the status of its last call ({@code success} or {@code error}); empty otherwise
 */
public record RunEvent(
        Kind kind,
        String executionId,
        String workflowId,
        long seq,
        long at,
        String node,
        int runIndex,
        int tryNumber,
        List<Integer> itemCounts,
        long startTime,
        long executionTimeMs,
        ExecutionError error,
        ExecutionStatus status,
        String reason,
        long wakeAt,
        NodeCost cost,
        java.util.Map<String, String> subNodes) {

    public RunEvent {
        itemCounts = itemCounts == null ? List.of() : List.copyOf(itemCounts);
        subNodes = subNodes == null
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subNodes));
    }

    /** An event without sub-node calls. */
    public RunEvent(
            Kind kind,
            String executionId,
            String workflowId,
            long seq,
            long at,
            String node,
            int runIndex,
            int tryNumber,
            List<Integer> itemCounts,
            long startTime,
            long executionTimeMs,
            ExecutionError error,
            ExecutionStatus status,
            String reason,
            long wakeAt,
            NodeCost cost) {
        this(
                kind,
                executionId,
                workflowId,
                seq,
                at,
                node,
                runIndex,
                tryNumber,
                itemCounts,
                startTime,
                executionTimeMs,
                error,
                status,
                reason,
                wakeAt,
                cost,
                java.util.Map.of());
    }

    /** The kinds of step; the {@code EXECUTION_*} ones mark every parked and terminal state. */
    public enum Kind {
        EXECUTION_STARTED,
        NODE_STARTED,
        NODE_FINISHED,
        /** A try failed and another follows at {@code wakeAt}. */
        NODE_RETRYING,
        /** The node failed for good. */
        NODE_FAILED,
        /** The node parked (a Wait); {@code wakeAt} -1 means until resumed from outside. */
        NODE_WAITING,
        /** A node could not finish yet (its sub-workflow is parked) and runs again later. */
        NODE_DEFERRED,
        NODE_RESUMED,
        /** The execution parked as WAITING: {@code reason} wait, pause or deadline. */
        EXECUTION_WAITING,
        /** A parked or crashed execution runs again. */
        EXECUTION_RESUMED,
        /** Recovery found the execution's worker lost; in-flight runs are queued again. */
        EXECUTION_CRASHED,
        /** Success, error or canceled: {@code status} says which. */
        EXECUTION_FINISHED,
        /**
         * A root began a call of the sub-node {@code node} (a model asked, a memory loaded, a tool run), as n8n sends
         * {@code nodeExecuteBefore} for it. Not journaled: {@code seq} 0, {@code runIndex} -1; {@code startTime}.
         */
        SUB_NODE_STARTED,
        /**
         * That call ended (n8n's {@code nodeExecuteAfter}): {@code error} null for success, else its error (also for
         * a call left unfinished when its root stopped); {@code startTime}, {@code executionTimeMs}. Not journaled.
         */
        SUB_NODE_FINISHED
    }

    /** True for the events after which the run call returns (finished or parked). */
    public boolean endsRunCall() {
        return kind == Kind.EXECUTION_FINISHED || kind == Kind.EXECUTION_WAITING;
    }
}
