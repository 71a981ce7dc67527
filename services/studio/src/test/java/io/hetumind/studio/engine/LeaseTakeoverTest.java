package io.hetumind.studio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionHandle;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunEvent;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.studio.execution.ExecutionRecords;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker whose lease lapses mid-run (as when it hangs or its network drops) is taken over: the new worker resumes the
 * execution from its checkpoint without running the finished node again, and the old worker's next commit is refused.
 */
class LeaseTakeoverTest {
    static final String WORKFLOW =
            """
            {"name": "Slow", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "c", "name": "Count", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
               "parameters": {"jsCode": "return [{json: {counted: 1}}];"}},
              {"id": "w", "name": "Wait", "type": "hetumind.wait", "typeVersion": 1.1, "position": [400, 0],
               "parameters": {"resume": "timeInterval", "amount": 2, "unit": "seconds"}},
              {"id": "a", "name": "After", "type": "hetumind.code", "typeVersion": 2, "position": [600, 0],
               "parameters": {"jsCode": "return [{json: {after: $input.first().json.counted}}];"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Count", "type": "main", "index": 0}]]},
                             "Count": {"main": [[{"node": "Wait", "type": "main", "index": 0}]]},
                             "Wait": {"main": [[{"node": "After", "type": "main", "index": 0}]]}}}
            """;
    private static StudioDb db;

    @BeforeAll
    static void database() {
        db = new StudioDb();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void aLapsedWorkersExecutionIsFinishedByAnotherWithoutRerunningFinishedNodes() throws Exception {
        NodeRegistry registry = NodeRegistry.load();
        AtomicInteger countRuns = new AtomicInteger();
        CountDownLatch waitStarted = new CountDownLatch(1);
        Engine a = Engine.builder()
                .registry(registry)
                .checkpointer(new PgCheckpointer(new Jdbc(db.ds)))
                .listener(e -> {
                    if (e.kind() == RunEvent.Kind.NODE_STARTED && "Count".equals(e.node())) {
                        countRuns.incrementAndGet();
                    }
                    if (e.kind() == RunEvent.Kind.NODE_STARTED && "Wait".equals(e.node())) {
                        waitStarted.countDown();
                    }
                })
                .build();
        Engine b = Engine.builder()
                .registry(registry)
                .checkpointer(new PgCheckpointer(new Jdbc(db.ds)))
                .listener(e -> {
                    if (e.kind() == RunEvent.Kind.NODE_STARTED && "Count".equals(e.node())) {
                        countRuns.incrementAndGet();
                    }
                })
                .build();
        UUID id = Ids.next();
        PreparedWorkflow wf = a.prepare(
                WorkflowFormat.readJson(WORKFLOW).withId(UUID.randomUUID().toString()));
        ExecutionQueue queue = new ExecutionQueue(new Jdbc(db.ds));
        try (Connection c = db.ds.getConnection()) {
            queue.insert(
                    c,
                    id,
                    ExecutionRecords.createdAt(id),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    1,
                    0,
                    "{}",
                    null,
                    Duration.ZERO);
        }
        ExecutionQueue.Limits none = new ExecutionQueue.Limits(0, 0);
        Claimed claimA =
                queue.claim("worker-a", 1, Duration.ofMillis(400), none).getFirst();
        ExecutionHandle runA = a.start(wf, RunRequest.defaults().withExecutionId(id.toString()));
        assertThat(waitStarted.await(20, TimeUnit.SECONDS)).isTrue();

        // worker A stops renewing; its lease lapses and worker B claims the row
        Thread.sleep(500);
        Claimed claimB =
                queue.claim("worker-b", 1, Duration.ofSeconds(30), none).getFirst();
        assertThat(claimB.id()).isEqualTo(id);
        assertThat(claimB.claims()).isEqualTo(2);
        ExecutionResult done = b.resume(wf, id.toString(), RunRequest.defaults());

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.state().runs("Count")).hasSize(1);
        assertThat(done.state().runs("After")).hasSize(1);
        assertThat(done.output("After", 0).getFirst().json().path("after").asInt())
                .isEqualTo(1);
        assertThat(countRuns).hasValue(1);
        assertThatThrownBy(() -> runA.await(Duration.ofSeconds(20)))
                .hasRootCauseInstanceOf(CheckpointConflictException.class);
        try (Connection c = db.ds.getConnection()) {
            assertThat(queue.done(c, id, claimA.lease())).isFalse();
            assertThat(queue.done(c, id, claimB.lease())).isTrue();
        }
        assertThat(List.of(claimA.lease(), claimB.lease())).containsExactly(1L, 2L);
    }
}
