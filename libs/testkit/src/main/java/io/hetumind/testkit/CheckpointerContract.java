package io.hetumind.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Checkpointer.Checkpoint;
import io.hetumind.core.engine.Checkpointer.Commit;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.Checkpointer.Version;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Checkpointer} keeps (see its Javadoc), as one suite that each
 * implementation runs by extending this class: in memory and files in this module, PostgreSQL
 * in the studio, S3 in the Lambda runner. Ordering, fencing of stale owners, snapshots and
 * truncation, torn writes, concurrent owners, large states and the lifecycle calls.
 */
public abstract class CheckpointerContract {

    /** A store over empty storage. */
    protected abstract Checkpointer store();

    /**
     * A second handle on the storage {@code first} uses, as another worker or process would open
     * it (the same instance where the store lives only in one process).
     */
    protected abstract Checkpointer otherOwner(Checkpointer first);

    /**
     * Leaves a half-written event after the last one of {@code executionId}, as a process killed
     * in the middle of a write would; returns false when the store cannot be torn that way (its
     * writes are atomic), which skips that test.
     */
    protected boolean tearLastWrite(Checkpointer store, String executionId) throws Exception {
        return false;
    }

    /** Whether finished executions stay loadable (an in-memory store may evict them). */
    protected boolean keepsFinished() {
        return true;
    }

    protected static String newId() {
        return "exec-" + UUID.randomUUID();
    }

    protected static List<Entry> events(long from, int count) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = from + i;
            out.add(new Entry(seq, "{\"t\":\"Test\",\"seq\":" + seq + ",\"text\":\"é 😀\"}"));
        }
        return out;
    }

    protected static Commit commit(Version expected, List<Entry> events) {
        return new Commit(expected, events, null, ExecutionStatus.RUNNING, -1);
    }

    @Test
    void anUnknownExecutionHasNoCheckpoint() {
        assertThat(store().load(newId())).isEmpty();
    }

    @Test
    void eventsComeBackInOrderWithTheVersionToWriteOn() {
        Checkpointer s = store();
        String id = newId();
        Version v1 = s.commit(id, commit(Version.NONE, events(1, 3)));
        Version v2 = s.commit(id, commit(v1, events(4, 2)));
        assertThat(v2.seq()).isEqualTo(5);
        Checkpoint cp = s.load(id).orElseThrow();
        assertThat(cp.snapshotJson()).isNull();
        assertThat(cp.events()).extracting(Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(cp.events().get(2).json()).isEqualTo(events(3, 1).getFirst().json());
        assertThat(cp.version()).isEqualTo(v2);
        s.release(id);
    }

    @Test
    void aSnapshotReplacesTheJournalItCovers() {
        Checkpointer s = store();
        String id = newId();
        Version v = s.commit(id, commit(Version.NONE, events(1, 4)));
        v = s.commit(id, new Commit(v, events(5, 1), "{\"state\":5}", ExecutionStatus.RUNNING, -1));
        v = s.commit(id, commit(v, events(6, 2)));
        Checkpoint cp = s.load(id).orElseThrow();
        assertThat(cp.snapshotJson()).isEqualTo("{\"state\":5}");
        assertThat(cp.snapshotSeq()).isEqualTo(5);
        assertThat(cp.events()).extracting(Entry::seq).containsExactly(6L, 7L);
        assertThat(cp.version()).isEqualTo(v);
        s.release(id);
    }

    @Test
    void aSnapshotWithoutNewEventsIsAllowed() {
        Checkpointer s = store();
        String id = newId();
        Version v = s.commit(id, commit(Version.NONE, events(1, 2)));
        Version after = s.commit(id, new Commit(v, List.of(), "{\"final\":true}", ExecutionStatus.SUCCESS, -1));
        assertThat(after.seq()).isEqualTo(2);
        Checkpoint cp = s.load(id).orElseThrow();
        assertThat(cp.snapshotJson()).isEqualTo("{\"final\":true}");
        assertThat(cp.events()).isEmpty();
        s.release(id);
    }

    @Test
    void loadIsReadOnly() {
        Checkpointer s = store();
        String id = newId();
        Version v = s.commit(id, commit(Version.NONE, events(1, 3)));
        for (int i = 0; i < 3; i++) {
            assertThat(s.load(id).orElseThrow().version()).isEqualTo(v);
        }
        assertThat(s.commit(id, commit(v, events(4, 1))).seq()).isEqualTo(4);
        s.release(id);
    }

    @Test
    void aStaleOwnerIsFencedAndChangesNothing() {
        Checkpointer a = store();
        String id = newId();
        Version v = a.commit(id, commit(Version.NONE, events(1, 2)));
        a.release(id);
        Checkpointer b = otherOwner(a);
        Version seenByA = a.load(id).orElseThrow().version();
        Version seenByB = b.load(id).orElseThrow().version();
        assertThat(seenByA).isEqualTo(v).isEqualTo(seenByB);
        b.commit(id, commit(seenByB, events(3, 1)));
        b.release(id);
        assertThatThrownBy(() -> a.commit(id, commit(seenByA, events(3, 1))))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining(id);
        a.release(id);
        Checkpoint cp = b.load(id).orElseThrow();
        assertThat(cp.events()).extracting(Entry::seq).containsExactly(1L, 2L, 3L);
        assertThat(cp.events().get(2).json()).isEqualTo(events(3, 1).getFirst().json());
    }

    @Test
    void creatingAnExecutionThatExistsIsAConflict() {
        Checkpointer s = store();
        String id = newId();
        s.commit(id, commit(Version.NONE, events(1, 1)));
        s.release(id);
        assertThatThrownBy(() -> otherOwner(s).commit(id, commit(Version.NONE, events(1, 1))))
                .isInstanceOf(CheckpointConflictException.class);
        assertThat(s.load(id).orElseThrow().events()).hasSize(1);
    }

    @Test
    void aGapInSequenceNumbersIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> new Commit(Version.NONE, events(2, 1), null, ExecutionStatus.RUNNING, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofConcurrentOwnersExactlyOneAdvancesTheExecution() throws Exception {
        Checkpointer first = store();
        for (int round = 0; round < 20; round++) {
            String id = newId();
            Version base = first.commit(id, commit(Version.NONE, events(1, 1)));
            first.release(id);
            List<Checkpointer> owners = List.of(first, otherOwner(first), otherOwner(first), otherOwner(first));
            AtomicInteger won = new AtomicInteger();
            AtomicInteger fenced = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(owners.size());
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < owners.size(); i++) {
                    Checkpointer owner = owners.get(i);
                    int mark = i;
                    all.add(pool.submit(() -> {
                        go.await();
                        try {
                            owner.commit(id, commit(base, List.of(new Entry(2, "{\"owner\":" + mark + "}"))));
                            won.incrementAndGet();
                        } catch (CheckpointConflictException e) {
                            fenced.incrementAndGet();
                        } finally {
                            owner.release(id);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(won.get()).as("round %d", round).isEqualTo(1);
            assertThat(fenced.get()).isEqualTo(owners.size() - 1);
            assertThat(first.load(id).orElseThrow().events()).hasSize(2);
        }
    }

    @Test
    void aTornLastWriteIsNeverReturnedAndTheNextWriteGoesOn() throws Exception {
        Checkpointer s = store();
        String id = newId();
        s.commit(id, commit(Version.NONE, events(1, 3)));
        s.release(id);
        if (!tearLastWrite(s, id)) {
            return; // this store writes atomically: nothing can be torn
        }
        Checkpointer next = otherOwner(s);
        Checkpoint cp = next.load(id).orElseThrow();
        assertThat(cp.events()).extracting(Entry::seq).containsExactly(1L, 2L, 3L);
        Version v = next.commit(id, commit(cp.version(), events(4, 1)));
        next.release(id);
        Checkpoint after = otherOwner(s).load(id).orElseThrow();
        assertThat(after.events()).extracting(Entry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(after.events().getLast().json())
                .isEqualTo(events(4, 1).getFirst().json());
        assertThat(after.version()).isEqualTo(v);
    }

    @Test
    void largeStatesAndLongJournalsRoundTrip() {
        Checkpointer s = store();
        String id = newId();
        String big = "{\"blob\":\"" + "x".repeat(8 << 20) + "\"}";
        Version v = s.commit(id, new Commit(Version.NONE, events(1, 1), big, ExecutionStatus.RUNNING, -1));
        for (int batch = 0; batch < 20; batch++) {
            v = s.commit(id, commit(v, events(v.seq() + 1, 500)));
        }
        Checkpoint cp = s.load(id).orElseThrow();
        assertThat(cp.snapshotJson()).hasSize(big.length()).isEqualTo(big);
        assertThat(cp.events()).hasSize(10_000);
        assertThat(cp.events().getLast().seq()).isEqualTo(10_001);
        s.release(id);
    }

    @Test
    void unfinishedListsRunningAndWaitingExecutionsWithTheirWakeUpTime() {
        Checkpointer s = store();
        String running = newId();
        String waiting = newId();
        String done = newId();
        s.commit(running, commit(Version.NONE, events(1, 1)));
        s.commit(waiting, new Commit(Version.NONE, events(1, 2), null, ExecutionStatus.WAITING, 1_234_567L));
        Version v = s.commit(done, commit(Version.NONE, events(1, 1)));
        s.commit(done, new Commit(v, events(2, 1), "{\"done\":true}", ExecutionStatus.SUCCESS, -1));
        List.of(running, waiting, done).forEach(s::release);
        List<Checkpointer.Unfinished> unfinished = s.unfinished();
        assertThat(unfinished)
                .contains(
                        new Checkpointer.Unfinished(running, ExecutionStatus.RUNNING, -1),
                        new Checkpointer.Unfinished(waiting, ExecutionStatus.WAITING, 1_234_567L));
        assertThat(unfinished).extracting(Checkpointer.Unfinished::executionId).doesNotContain(done);
        if (keepsFinished()) {
            assertThat(s.load(done).orElseThrow().snapshotJson()).isEqualTo("{\"done\":true}");
        }
    }

    @Test
    void deleteForgetsEverything() {
        Checkpointer s = store();
        String id = newId();
        Version v = s.commit(id, commit(Version.NONE, events(1, 2)));
        s.commit(id, new Commit(v, events(3, 1), "{\"s\":3}", ExecutionStatus.WAITING, 99));
        s.release(id);
        s.delete(id);
        assertThat(s.load(id)).isEmpty();
        assertThat(s.unfinished())
                .extracting(Checkpointer.Unfinished::executionId)
                .doesNotContain(id);
        // the id can be used again from scratch
        assertThat(s.commit(id, commit(Version.NONE, events(1, 1))).seq()).isEqualTo(1);
        s.release(id);
    }
}
