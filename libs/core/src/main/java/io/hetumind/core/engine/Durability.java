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
    /** Only when the run call returns: a crash loses the call's progress (the host re-runs it). */
    AT_END
}
