package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import java.util.List;

/** The outcome of running (a batch of) an execution: its state and views of it. */
public record ExecutionResult(ExecutionState state) {

    public ExecutionStatus status() {
        return state.status();
    }

    public String executionId() {
        return state.executionId();
    }

    /** The run in n8n's {@code runData} shape (ARCHITECTURE.md "Ports and run output"). */
    public ObjectNode toJson() {
        return RunDataView.toJson(state);
    }

    /** Items of output 0 of the last node that ran, the conventional result of a workflow. */
    public List<Item> lastOutput() {
        String last = state.lastNodeExecuted();
        if (last == null) {
            return List.of();
        }
        List<NodeRun> runs = state.runs(last);
        return runs.isEmpty() ? List.of() : runs.getLast().output(0);
    }

    /** Items of output {@code port} of the latest run of {@code node}. */
    public List<Item> output(String node, int port) {
        List<NodeRun> runs = state.runs(node);
        return runs.isEmpty() ? List.of() : runs.getLast().output(port);
    }
}
