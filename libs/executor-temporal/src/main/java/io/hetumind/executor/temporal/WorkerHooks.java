package io.hetumind.executor.temporal;

import io.hetumind.core.engine.RunRequest;

/**
 * What the host running Temporal workers adds to each node try: the per-run services a node may ask for (whose
 * credentials it uses, where its sub-workflows come from), which cannot travel through history, and a place to hear
 * that a node, or a call of one of its sub-nodes, started or ended (a live view). Both are read from the execution's {@link ExecutionInput#context()}.
 */
public interface WorkerHooks {

    /** No services beyond the engine's own, nobody told. */
    WorkerHooks NONE = new WorkerHooks() {};

    /** The request a node try of {@code input} runs with; {@code request} is the run's options without services. */
    default RunRequest request(ExecutionInput input, RunRequest request) {
        return request;
    }

    /** A try of {@code node} starts on this worker. */
    default void nodeStarted(ExecutionInput input, String node, long at) {}

    /**
     * A try of {@code node} ended: {@code status} is {@code success}, {@code error} or {@code waiting}; a try that is
     * repeated later reports nothing here.
     */
    default void nodeEnded(ExecutionInput input, String node, String status, long at) {}

    /** A call of the sub-node {@code node} by the node a try runs starts (n8n's nodeExecuteBefore of the sub-node). */
    default void subNodeStarted(ExecutionInput input, String node, long at) {}

    /** That call ended: {@code status} is {@code success} or {@code error}. */
    default void subNodeEnded(ExecutionInput input, String node, String status, long at) {}
}
