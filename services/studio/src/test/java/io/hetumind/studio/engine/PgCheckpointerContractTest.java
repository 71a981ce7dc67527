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
}
