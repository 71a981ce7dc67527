package io.hetumind.core.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where execution progress survives a crash: an append-only journal of events plus snapshots
 * of the whole state. Recovery is the latest snapshot with the journaled events after it
 * replayed. Implementations: in memory, files, PostgreSQL, S3; every one runs the contract
 * suite in {@code libs/testkit} ({@code CheckpointerContract}).
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #load} is read-only and returns the state's data plus its {@link Version}.
 *   <li>Every write is a {@link #commit} that names the version it was based on; when the
 *       execution moved on since (another owner wrote), it fails with {@link
 *       CheckpointConflictException} and changes nothing. So two workers (or two Lambda
 *       invocations) can never both advance one execution. A new execution is committed with
 *       {@link Version#NONE}.
 *   <li>A commit appends its events (sequence numbers follow the expected version's without a
 *       gap) and, optionally, a snapshot that covers every event up to the commit's last one.
 *       After a snapshot, {@link #load} returns it and only the events after it: the store may
 *       drop the journal it covers.
 *   <li>A crash in the middle of a commit leaves a prefix of its events, never a torn one.
 *   <li>{@link #unfinished} lists executions whose last commit left them running or waiting,
 *       for a worker's start-up sweep and for waking parked executions.
 * </ul>
 */
public interface Checkpointer {

    /** The latest snapshot and the events after it, with the version to base the next write on. */
    Optional<Checkpoint> load(String executionId);

    /**
     * Appends {@code commit.events()} and stores {@code commit.snapshotJson()} when given, if the
     * execution is still at {@code commit.expected()}; returns the new version.
     *
     * @throws CheckpointConflictException when another owner advanced the execution
     */
    Version commit(String executionId, Commit commit);

    /** Forgets an execution: its journal, snapshots and status. */
    void delete(String executionId);

    /** Executions whose last commit left them {@code RUNNING}, {@code WAITING} or {@code CRASHED}. */
    List<Unfinished> unfinished();

    /** The run call for this execution ended: release locks and open files (its data stays). */
    default void release(String executionId) {}

    /**
     * Whether this store needs the commit that ends {@code executionId} in the terminal {@code status}, with
     * {@code events} (those not committed yet). A host that deletes an execution's record and checkpoint once it ends
     * so (the studio, for runs their workflow does not keep) answers false when none of {@code events} has to be
     * durable before that, and the engine then builds no final commit: no event JSON, no snapshot. True by default.
     */
    default boolean wantsEnd(String executionId, ExecutionStatus status, List<ExecutionEvent> events) {
        return true;
    }

    /** True when this checkpointer keeps nothing, so the engine can skip serialising. */
    default boolean isNone() {
        return false;
    }

    /**
     * Which state of an execution a write is based on: the sequence number of its last event,
     * plus a store-specific tag (an S3 ETag, a row version) where the sequence alone cannot fence.
     */
    record Version(long seq, String tag) {
        public static final Version NONE = new Version(0, null);
    }

    /**
     * One journaled event: its sequence number and {@link EventCodec} JSON, and the event itself when the entry was
     * made in this process ({@code null} once read back from a store), so that a store's own policy can look at what
     * it is given without parsing the JSON again. Entries are equal when their sequence numbers and JSON are.
     */
    record Entry(long seq, String json, ExecutionEvent event) {
        public Entry {
            Objects.requireNonNull(json, "json");
        }

        public Entry(long seq, String json) {
            this(seq, json, null);
        }

        /** The event: the one this entry was made from, or else parsed from its JSON. */
        public ExecutionEvent decoded() {
            return event != null ? event : ExecutionEvent.fromJson(json);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.seq == seq && e.json.equals(json);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq) * 31 + json.hashCode();
        }

        @Override
        public String toString() {
            return "Entry[seq=" + seq + ", json=" + json + "]";
        }
    }

    /** What {@link #load} returns; {@code snapshotJson} is null when no snapshot exists yet. */
    record Checkpoint(String snapshotJson, long snapshotSeq, List<Entry> events, Version version) {
        public Checkpoint {
            events = List.copyOf(events);
        }
    }

    /**
     * One write: events in order, an optional snapshot ({@link StateCodec} JSON) of the state after
     * them, and the execution's status and wake-up time after the commit (for {@link #unfinished}).
     */
    record Commit(Version expected, List<Entry> events, String snapshotJson, ExecutionStatus status, long wakeAt) {
        public Commit {
            Objects.requireNonNull(expected, "expected");
            events = List.copyOf(events);
            Objects.requireNonNull(status, "status");
            long next = expected.seq() + 1;
            for (Entry e : events) {
                if (e.seq() != next++) {
                    throw new IllegalArgumentException("events must follow seq " + expected.seq() + " without a gap");
                }
            }
        }

        /** Sequence number of the last event after this commit. */
        public long lastSeq() {
            return expected.seq() + events.size();
        }
    }

    /** An execution that is not finished, as the store last saw it. */
    record Unfinished(String executionId, ExecutionStatus status, long wakeAt) {}

    Checkpointer NONE = new Checkpointer() {
        @Override
        public Optional<Checkpoint> load(String executionId) {
            return Optional.empty();
        }

        @Override
        public Version commit(String executionId, Commit commit) {
            return new Version(commit.lastSeq(), null);
        }

        @Override
        public void delete(String executionId) {}

        @Override
        public List<Unfinished> unfinished() {
            return List.of();
        }

        @Override
        public boolean isNone() {
            return true;
        }
    };
}
