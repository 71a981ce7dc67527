package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.ExecutionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries one run call's events to the {@link Checkpointer} at the run's {@link Durability}:
 * buffers them, commits in batches based on the version last seen (so a stale owner fails with
 * a conflict), adds a snapshot every {@code snapshotEvery} events and one when the call ends.
 */
public final class Journal {

    private final Checkpointer store;
    private final String executionId;
    private final Durability durability;
    private final int snapshotEvery;
    private final List<ExecutionEvent> buffer = new ArrayList<>();
    private Checkpointer.Version version;
    private long snapshotSeq;
    /** PER_EFFECT: an outcome of a node that is not replay-safe is buffered, so the next start must commit first. */
    private boolean effectPending;

    private long lastCommitNanos = System.nanoTime();

    /** PER_EFFECT: replay-safe progress rides along with later commits up to this many events… */
    static final int RIDE_ALONG_EVENTS = 256;
    /** …or this long. */
    static final long RIDE_ALONG_NANOS = 1_000_000_000L;

    public Journal(
            Checkpointer store,
            String executionId,
            Durability durability,
            int snapshotEvery,
            Checkpointer.Version version,
            long snapshotSeq) {
        this.store = store;
        this.executionId = executionId;
        this.durability = durability;
        this.snapshotEvery = snapshotEvery;
        this.version = version;
        this.snapshotSeq = snapshotSeq;
    }

    /** An event was applied to {@code s}. */
    void record(MachineState s, ExecutionEvent event) {
        if (store.isNone()) {
            return;
        }
        buffer.add(event);
        if (durability == Durability.EVERY_EVENT) {
            flush(s);
        }
    }

    /**
     * Nodes are about to start: what happened so far, their start included, becomes durable — under PER_EFFECT only
     * when one of them or an outcome since the last commit is not replay-safe, or the bounds are reached.
     */
    void nodesStarting(MachineState s, boolean replaySafe) {
        if (durability == Durability.AT_END) {
            return;
        }
        if (durability == Durability.PER_EFFECT
                && replaySafe
                && !effectPending
                && buffer.size() < RIDE_ALONG_EVENTS
                && System.nanoTime() - lastCommitNanos < RIDE_ALONG_NANOS) {
            return;
        }
        flush(s);
    }

    /** PER_EFFECT: nothing runs until a timer fires (a Wait, a retry back-off): progress riding along is committed. */
    void idle(MachineState s) {
        if (durability == Durability.PER_EFFECT) {
            flush(s);
        }
    }

    /** The outcome of a node that is not replay-safe was recorded: it must be durable before another node starts. */
    void effectRecorded() {
        effectPending = true;
    }

    /**
     * The execution finished or parked: what is left is committed with a snapshot of the state it
     * ends in, before anyone is told (a listener that reads the store then sees the final state) — unless the store
     * does not want the end of this execution ({@link Checkpointer#wantsEnd}): then nothing is built.
     */
    void settle(MachineState s) {
        if (!store.isNone() && (!buffer.isEmpty() || s.seq() > snapshotSeq)) {
            if (s.status().terminal()
                    && !store.wantsEnd(executionId, s.status(), java.util.Collections.unmodifiableList(buffer))) {
                buffer.clear();
                snapshotSeq = s.seq(); // nothing is left to write for this state
                return;
            }
            commit(s, true);
        }
    }

    /** The run call ends: settle, then release the store's hold on the execution. */
    void end(MachineState s) {
        if (store.isNone()) {
            return;
        }
        settle(s);
        store.release(executionId);
    }

    /** The call lost ownership: write nothing more. */
    void abandon() {
        buffer.clear();
        store.release(executionId);
    }

    private void flush(MachineState s) {
        if (buffer.isEmpty()) {
            return;
        }
        commit(s, snapshotEvery > 0 && s.seq() - snapshotSeq >= snapshotEvery);
    }

    private void commit(MachineState s, boolean snapshot) {
        long first = s.seq() - buffer.size() + 1;
        List<Checkpointer.Entry> entries = new ArrayList<>(buffer.size());
        for (int i = 0; i < buffer.size(); i++) {
            ExecutionEvent event = buffer.get(i);
            entries.add(new Checkpointer.Entry(first + i, EventCodec.write(event), event));
        }
        Checkpointer.Commit commit = new Checkpointer.Commit(
                version, entries, snapshot ? StateCodec.write(s) : null, s.status(), s.wakeAt());
        version = store.commit(executionId, commit);
        buffer.clear();
        effectPending = false;
        lastCommitNanos = System.nanoTime();
        if (snapshot) {
            snapshotSeq = s.seq();
        }
    }
}
