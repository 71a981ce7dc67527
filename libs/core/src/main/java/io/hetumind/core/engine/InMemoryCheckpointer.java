package io.hetumind.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps journals and snapshots in memory: tests and single-process hosts. */
public final class InMemoryCheckpointer implements Checkpointer {

    private record Entry(long seq, String json) {}

    private final Map<String, List<Entry>> journals = new ConcurrentHashMap<>();
    private final Map<String, Entry> snapshots = new ConcurrentHashMap<>();

    @Override
    public void append(String executionId, long seq, String eventJson) {
        List<Entry> journal = journals.computeIfAbsent(executionId, k -> new ArrayList<>());
        synchronized (journal) {
            journal.add(new Entry(seq, eventJson));
        }
    }

    @Override
    public void snapshot(String executionId, long seq, String stateJson) {
        snapshots.put(executionId, new Entry(seq, stateJson));
        List<Entry> journal = journals.get(executionId);
        if (journal != null) {
            synchronized (journal) {
                journal.removeIf(e -> e.seq() <= seq);
            }
        }
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        Entry snap = snapshots.get(executionId);
        List<Entry> journal = journals.getOrDefault(executionId, List.of());
        if (snap == null && journal.isEmpty()) {
            return Optional.empty();
        }
        long after = snap == null ? 0 : snap.seq();
        List<String> events = new ArrayList<>();
        synchronized (journal) {
            for (Entry e : journal) {
                if (e.seq() > after) {
                    events.add(e.json());
                }
            }
        }
        return Optional.of(new Checkpoint(snap == null ? null : snap.json(), events));
    }

    /** Number of journaled events not yet folded into a snapshot. */
    public int journalSize(String executionId) {
        return journals.getOrDefault(executionId, List.of()).size();
    }
}
