package io.hetumind.studio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Checkpointer.Version;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.testkit.CheckpointerContract;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared checkpointer contract against real PostgreSQL, plus the lease fencing the queue relies on. */
class PgCheckpointerContractTest extends CheckpointerContract {
    private static StudioDb db;

    @BeforeAll
    static void database() {
        db = new StudioDb();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Override
    protected Checkpointer store() {
        return new PgCheckpointer(new Jdbc(db.ds));
    }

    @Override
    protected Checkpointer otherOwner(Checkpointer first) {
        return new PgCheckpointer(new Jdbc(db.ds));
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverIsFencedEvenAtTheSameSequence() throws Exception {
        Checkpointer oldOwner = store();
        String id = newId();
        Version v = oldOwner.commit(id, commit(Version.NONE, events(1, 2)));
        // another worker claims the lapsed lease: it fences the execution before loading it
        try (Connection c = db.ds.getConnection()) {
            PgCheckpointer.fence(c, id);
        }
        Checkpointer newOwner = otherOwner(oldOwner);
        Version taken = newOwner.load(id).orElseThrow().version();
        assertThat(taken.seq()).isEqualTo(v.seq());
        assertThat(taken.tag()).isNotEqualTo(v.tag());
        assertThatThrownBy(() -> oldOwner.commit(id, commit(v, events(3, 1))))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("took it over");
        Version next = newOwner.commit(id, commit(taken, events(3, 1)));
        assertThat(next.seq()).isEqualTo(3);
        assertThat(newOwner.load(id).orElseThrow().events()).hasSize(3);
    }

    @Test
    void deleteTakesChildrenAndTheErrorRunAlong() throws Exception {
        Checkpointer s = store();
        String id = "0190a000-0000-7000-8000-000000000001";
        for (String each : List.of(id, id + ".c3.1", id + ".error", id + "1")) {
            s.commit(each, new Checkpointer.Commit(Version.NONE, events(1, 1), null, ExecutionStatus.RUNNING, -1));
        }
        try (Connection c = db.ds.getConnection()) {
            PgCheckpointer.delete(c, id);
        }
        assertThat(s.load(id)).isEmpty();
        assertThat(s.load(id + ".c3.1")).isEmpty();
        assertThat(s.load(id + ".error")).isEmpty();
        assertThat(s.load(id + "1")).isPresent();
    }

    /** A run's final commit, left for its settle: nothing is written until the settle's transaction writes it, gated. */
    @Test
    void aFinalCommitLeftForTheSettleIsWrittenThereGatedOrNotAtAll() throws Exception {
        PgCheckpointer s = new PgCheckpointer(new Jdbc(db.ds));
        String id = newId();
        Version v = s.commit(id, commit(Version.NONE, events(1, 2)));
        s.endWithSettle(id, event -> true, status -> false);
        Checkpointer.Commit end = new Checkpointer.Commit(v, nodeEvents(3, 2), null, ExecutionStatus.SUCCESS, -1);
        Version after = s.commit(id, end);
        assertThat(after.seq()).isEqualTo(4);
        assertThat(s.load(id).orElseThrow().events())
                .as("not written by the commit")
                .hasSize(2);
        PgCheckpointer.EndCommit kept = s.takeEnd(id).orElseThrow();
        assertThat(s.takeEnd(id)).as("taken once").isEmpty();
        // another owner fenced it meanwhile: the settle's write is refused
        try (Connection c = db.ds.getConnection()) {
            PgCheckpointer.fence(c, id);
        }
        assertThatThrownBy(() -> {
                    try (Connection c = db.ds.getConnection()) {
                        PgCheckpointer.writeEnds(c, List.of(kept));
                    }
                })
                .isInstanceOf(CheckpointConflictException.class);
        assertThat(s.load(id).orElseThrow().events()).hasSize(2);
        // unfenced, it lands
        String other = newId();
        Version w = s.commit(other, commit(Version.NONE, events(1, 1)));
        s.endWithSettle(other, event -> true, status -> false);
        s.commit(other, new Checkpointer.Commit(w, nodeEvents(2, 1), null, ExecutionStatus.SUCCESS, -1));
        try (Connection c = db.ds.getConnection()) {
            PgCheckpointer.writeEnds(c, List.of(s.takeEnd(other).orElseThrow()));
        }
        assertThat(s.load(other).orElseThrow().events()).hasSize(2);
        assertThat(s.load(other).orElseThrow().version().seq()).isEqualTo(2);
        // a run that is not left for the settle commits as ever
        assertThat(s.takeEnd(newId())).isEmpty();
        // nor does a final commit the runner does not accept (one carrying an outside effect's outcome)
        String effect = newId();
        Version e = s.commit(effect, commit(Version.NONE, events(1, 1)));
        s.endWithSettle(effect, event -> false, status -> false);
        s.commit(effect, new Checkpointer.Commit(e, nodeEvents(2, 1), null, ExecutionStatus.SUCCESS, -1));
        assertThat(s.load(effect).orElseThrow().events())
                .as("committed at once")
                .hasSize(2);
        assertThat(s.takeEnd(effect)).isEmpty();
    }

    @Test
    void anEndIsUnwantedOnlyWhenTheRecordGoesAndEveryOutcomeMayWait() {
        PgCheckpointer s = new PgCheckpointer(new Jdbc(db.ds));
        io.hetumind.core.engine.ExecutionEvent effect = new io.hetumind.core.engine.ExecutionEvent.NodeFinished(
                1L, 1L, "Effect", 1L, 0L, List.of(List.of()), null, List.of(), null, null);
        io.hetumind.core.engine.ExecutionEvent safe = new io.hetumind.core.engine.ExecutionEvent.NodeFinished(
                1L, 2L, "Safe", 1L, 0L, List.of(List.of()), null, List.of(), null, null);
        String dropped = newId();
        s.endWithSettle(
                dropped,
                e -> !"Effect".equals(io.hetumind.core.engine.ExecutionEvent.outcomeNode(e)),
                status -> status == ExecutionStatus.SUCCESS);
        assertThat(s.wantsEnd(dropped, ExecutionStatus.SUCCESS, List.of(safe))).isFalse();
        assertThat(s.wantsEnd(dropped, ExecutionStatus.SUCCESS, List.of(safe, effect)))
                .as("an outside effect's outcome is durable before the settle")
                .isTrue();
        assertThat(s.wantsEnd(dropped, ExecutionStatus.ERROR, List.of(safe)))
                .as("a kept status")
                .isTrue();
        String kept = newId();
        s.endWithSettle(kept, e -> true, status -> false);
        assertThat(s.wantsEnd(kept, ExecutionStatus.SUCCESS, List.of(safe))).isTrue();
        assertThat(s.wantsEnd(newId(), ExecutionStatus.SUCCESS, List.of(safe)))
                .as("an execution not left for a settle")
                .isTrue();
        s.takeEnd(dropped);
        assertThat(s.wantsEnd(dropped, ExecutionStatus.SUCCESS, List.of(safe)))
                .as("forgotten after its settle")
                .isTrue();
    }

    /** Engine events as the engine hands them in: the JSON and the event it was made from. */
    private static List<Checkpointer.Entry> nodeEvents(long from, int count) {
        List<Checkpointer.Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            var event = new io.hetumind.core.engine.ExecutionEvent.NodeStarted(1L, from + i, "Node");
            out.add(new Checkpointer.Entry(from + i, io.hetumind.core.engine.ExecutionEvent.toJson(event), event));
        }
        return out;
    }
}
