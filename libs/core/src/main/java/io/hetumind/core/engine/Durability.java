package io.hetumind.core.engine;

/**
 * How often a run's progress reaches its {@link Checkpointer} (n8n's "save execution progress").
 * Whatever is chosen, a run call always commits when it returns.
 */
public enum Durability {
    /** Every event is committed on its own: the most round-trips, the least to redo. */
    EVERY_EVENT,
    /**
     * One commit per node step, made just before a node starts: the previous node's result and
     * the start of the next travel together, so a crash re-runs at most the node in flight and
     * counts as one of its tries.
     */
    PER_NODE,
    /**
     * As {@link #PER_NODE} for nodes with effects outside the execution (an HTTP call, a database write: any node not
     * {@linkplain io.hetumind.core.spi.NodeType#replaySafe replay-safe}): the commit before one starts and the one
     * before the next node after it finishes are always made, so such a node never runs again once finished and never
     * runs on a host that lost its hold. Replay-safe nodes (Set, If, Merge, …) ride along with the next commit instead
     * of making their own, bounded: a commit is also made before a node starts once 256 events or 1 s have gone by
     * since the last one. A crash may so re-run, besides the node in flight, the replay-safe nodes finished since the
     * last commit: the same result, nothing seen outside the execution.
     */
    PER_EFFECT,
    /** Only when the run call returns: a crash loses the call's progress (the host re-runs it). */
    AT_END
}
