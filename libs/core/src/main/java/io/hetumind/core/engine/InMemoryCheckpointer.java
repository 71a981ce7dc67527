package io.hetumind.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps journals and snapshots in memory: tests and single-process hosts. A finished execution
 * keeps only its final snapshot, and only the most recent {@code maxFinished} of them are kept.
 */
public final class InMemoryCheckpointer implements Checkpointer {

    private static final class Stored {
        String snapshot;
        long snapshotSeq;
        final List<Entry> journal = new ArrayList<>();
        long head;
        ExecutionStatus status = ExecutionStatus.NEW;
        long wakeAt = -1;
    }

    private final Map<String, Stored> executions = new ConcurrentHashMap<>();
    private final Deque<String> finished = new ArrayDeque<>();
    private final int maxFinished;

    public InMemoryCheckpointer() {
        this(1024);
    }

    /** Keeps at most {@code maxFinished} finished executions (their final snapshots). */
    public InMemoryCheckpointer(int maxFinished) {
        if (maxFinished < 0) {
            throw new IllegalArgumentException("maxFinished must not be negative");
        }
        this.maxFinished = maxFinished;
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        Stored s = executions.get(executionId);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return Optional.of(new Checkpoint(s.snapshot, s.snapshotSeq, s.journal, new Version(s.head, null)));
        }
    }

    @Override
    public Version commit(String executionId, Commit commit) {
        Stored s = commit.expected().seq() == 0
                ? executions.computeIfAbsent(executionId, k -> new Stored())
                : executions.get(executionId);
        if (s == null) {
            throw new CheckpointConflictException(executionId, "it no longer exists");
        }
        boolean nowFinished;
        synchronized (s) {
            if (s.head != commit.expected().seq() || executions.get(executionId) != s) {
                throw new CheckpointConflictException(
                        executionId,
                        "another owner advanced it to seq " + s.head + " (this write was based on "
                                + commit.expected().seq() + ")");
            }
            s.journal.addAll(commit.events());
            s.head = commit.lastSeq();
            if (commit.snapshotJson() != null) {
                s.snapshot = commit.snapshotJson();
                s.snapshotSeq = s.head;
                s.journal.clear();
            }
            nowFinished = !s.status.terminal() && commit.status().terminal();
            s.status = commit.status();
            s.wakeAt = commit.wakeAt();
        }
        if (nowFinished) {
            retire(executionId);
        }
        return new Version(commit.lastSeq(), null);
    }

    private void retire(String executionId) {
        synchronized (finished) {
            finished.addLast(executionId);
            while (finished.size() > maxFinished) {
                executions.remove(finished.removeFirst());
            }
        }
    }

    @Override
    public void delete(String executionId) {
        executions.remove(executionId);
    }

    @Override
    public List<Unfinished> unfinished() {
        List<Unfinished> out = new ArrayList<>();
        executions.forEach((id, s) -> {
            synchronized (s) {
                if (!s.status.terminal() && s.status != ExecutionStatus.NEW) {
                    out.add(new Unfinished(id, s.status, s.wakeAt));
                }
            }
        });
        return out;
    }
}
