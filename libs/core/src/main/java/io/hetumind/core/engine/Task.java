package io.hetumind.core.engine;

import java.util.List;

/**
 * A planned node run: which node, what arrives on each of its inputs (by reference to
 * earlier outputs), which try this is and the earliest time it may start.
 */
public record Task(long id, String node, List<List<SourceRef>> inputs, int tryNumber, long notBefore) {

    public Task {
        inputs = io.hetumind.core.model.Lists.immutable(inputs);
    }

    Task retry(long at) {
        return new Task(id, node, inputs, tryNumber + 1, at);
    }

    Task fresh() {
        return new Task(id, node, inputs, tryNumber, 0);
    }
}
