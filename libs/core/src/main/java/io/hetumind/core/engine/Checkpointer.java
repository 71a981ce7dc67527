package io.hetumind.core.engine;

import java.util.List;
import java.util.Optional;

/**
 * Where execution progress survives a crash: an append-only journal of events plus
 * occasional snapshots of the whole state. Recovery is the latest snapshot with the journaled
 * events after it replayed. Implementations: in memory, files, PostgreSQL, S3.
 */
public interface Checkpointer {

    /** Journals one event ({@link EventCodec} JSON); {@code seq} increases by one per event. */
    void append(String executionId, long seq, String eventJson);

    /** Stores a full state ({@link StateCodec} JSON) covering every event up to {@code seq}. */
    void snapshot(String executionId, long seq, String stateJson);

    /** The latest snapshot (null if none) and the events journaled after it, in order. */
    Optional<Checkpoint> load(String executionId);

    /** The run call for this execution ended: release open resources (its data stays). */
    default void release(String executionId) {}

    /** True when this checkpointer keeps nothing, so the engine can skip serialising. */
    default boolean isNone() {
        return false;
    }

    /** What {@link #load} returns. */
    record Checkpoint(String snapshotJson, List<String> eventsAfterSnapshot) {}

    Checkpointer NONE = new Checkpointer() {
        @Override
        public void append(String executionId, long seq, String eventJson) {}

        @Override
        public void snapshot(String executionId, long seq, String stateJson) {}

        @Override
        public Optional<Checkpoint> load(String executionId) {
            return Optional.empty();
        }

        @Override
        public boolean isNone() {
            return true;
        }
    };
}
