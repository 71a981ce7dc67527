package io.hetumind.core.engine;

import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;

/**
 * Observes executions: the live feed, metrics and tests all use this one SPI. Called on the
 * execution's coordinating thread right after the state changed; implementations return fast
 * and must not change the state.
 */
public interface ExecutionListener {

    /** Every applied event; the default dispatches to the typed methods below. */
    default void onEvent(ExecutionState state, ExecutionEvent event) {
        switch (event) {
            case NodeStarted e -> nodeStarted(state, e);
            case NodeFinished e -> nodeFinished(state, e);
            case NodeFailed e -> nodeFailed(state, e);
            default -> {}
        }
        if (state.status().terminal()
                && (event instanceof ExecutionEvent.Finished
                        || event instanceof ExecutionEvent.Canceled
                        || event instanceof NodeFailed)) {
            executionFinished(state);
        }
    }

    default void nodeStarted(ExecutionState state, NodeStarted event) {}

    default void nodeFinished(ExecutionState state, NodeFinished event) {}

    /** A try failed; {@code event.retryAt() >= 0} means another try follows. */
    default void nodeFailed(ExecutionState state, NodeFailed event) {}

    default void executionFinished(ExecutionState state) {}
}
