package io.hetumind.core.engine;

import java.util.List;

/**
 * A planned node run: which node, what arrives on each of its inputs (by reference to
 * earlier outputs), which try this is, the earliest time it may start and how many of its
 * tries were lost with a crashed worker.
 */
public record Task(long id, String node, List<List<SourceRef>> inputs, int tryNumber, long notBefore, int lost) {

    public Task {
        inputs = io.hetumind.core.model.Lists.immutable(inputs);
    }

    public Task(long id, String node, List<List<SourceRef>> inputs, int tryNumber, long notBefore) {
        this(id, node, inputs, tryNumber, notBefore, 0);
    }

    public Task retry(long at) {
        return new Task(id, node, inputs, tryNumber + 1, at, lost);
    }

    /** The try in flight was lost with its worker: it counts, and the next one may start at once. */
    public Task crashed() {
        return new Task(id, node, inputs, tryNumber + 1, 0, lost + 1);
    }

    /** The try in flight was cut short by its host, not by the node: it runs again as the same try. */
    public Task interrupted() {
        return new Task(id, node, inputs, tryNumber, 0, lost);
    }

    public Task deferred(long until) {
        return new Task(id, node, inputs, tryNumber, until, lost);
    }
}
