package io.hetumind.studio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.studio.execution.ExecutionRecords;
import io.hetumind.studio.queue.Claimed;
import io.hetumind.studio.queue.ExecutionQueue;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's claims on real PostgreSQL: no row twice, lapsed leases taken over and fenced, limits and priorities. */
class QueueClaimTest {
    private static final ExecutionQueue.Limits NONE = new ExecutionQueue.Limits(0, 0);
    private static StudioDb db;
    private static ExecutionQueue queue;

    @BeforeAll
    static void database() {
        db = new StudioDb();
        queue = new ExecutionQueue(new Jdbc(db.ds));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static List<UUID> enqueue(int n, UUID tenant, UUID workflow, int priority) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = db.ds.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                UUID id = Ids.next();
                queue.insert(
                        c,
                        id,
                        ExecutionRecords.createdAt(id),
                        tenant,
                        workflow,
                        1,
                        priority,
                        "{}",
                        null,
                        Duration.ZERO);
                ids.add(id);
            }
            c.commit();
        }
        return ids;
    }

    private static void clear() throws Exception {
        try (Connection c = db.ds.getConnection()) {
            c.createStatement().execute("DELETE FROM execution_queue");
        }
    }

    @Test
    void twoWorkersClaimingAtOnceNeverTakeTheSameRow() throws Exception {
        clear();
        Set<UUID> all = new HashSet<>(enqueue(3000, UUID.randomUUID(), UUID.randomUUID(), 0));
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        List<UUID> twice = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "worker-" + w;
            workers.add(pool.submit(() -> {
                go.await();
                int mine = 0;
                while (true) {
                    List<Claimed> got = queue.claim(owner, 50, Duration.ofMinutes(5), NONE);
                    if (got.isEmpty()) {
                        return mine;
                    }
                    for (Claimed c : got) {
                        if (!seen.add(c.id())) {
                            synchronized (twice) {
                                twice.add(c.id());
                            }
                        }
                        assertThat(c.lease()).isEqualTo(1);
                    }
                    mine += got.size();
                }
            }));
        }
        go.countDown();
        int total = 0;
        List<Integer> perWorker = new ArrayList<>();
        for (Future<Integer> f : workers) {
            perWorker.add(f.get());
            total += perWorker.getLast();
        }
        pool.shutdown();
        assertThat(twice).isEmpty();
        assertThat(total).isEqualTo(3000);
        assertThat(seen).isEqualTo(all);
        assertThat(perWorker).allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    void aLapsedLeaseIsTakenOverAndTheOldOwnersCheckpointIsFenced() throws Exception {
        clear();
        UUID id = enqueue(1, UUID.randomUUID(), UUID.randomUUID(), 0).getFirst();
        PgCheckpointer cp = new PgCheckpointer(new Jdbc(db.ds));
        Claimed first = queue.claim("a", 10, Duration.ofSeconds(3), NONE).getFirst();
        Checkpointer.Version v = cp.commit(
                id.toString(),
                new Checkpointer.Commit(
                        Checkpointer.Version.NONE,
                        List.of(new Checkpointer.Entry(1, "{}")),
                        null,
                        ExecutionStatus.RUNNING,
                        -1));
        assertThat(queue.claim("b", 10, Duration.ofSeconds(30), NONE)).isEmpty(); // still held
        // only rows with a live local run are renewed: a row whose run ended unrecorded must lapse
        assertThat(queue.renew("a", List.of(UUID.randomUUID()), Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(queue.renew("a", List.of(id), Duration.ofMillis(1500)))
                .extracting(ExecutionQueue.Held::id)
                .containsExactly(id);
        Thread.sleep(1700);
        Claimed taken = queue.claim("b", 10, Duration.ofSeconds(30), NONE).getFirst();
        assertThat(taken.id()).isEqualTo(id);
        assertThat(taken.lease()).isEqualTo(first.lease() + 1);
        assertThat(taken.claims()).isEqualTo(2);
        // the old owner: its renewal no longer returns the row, its commits are refused, its settle changes nothing
        assertThat(queue.renew("a", List.of(id), Duration.ofSeconds(30))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cp.commit(
                        id.toString(),
                        new Checkpointer.Commit(
                                v, List.of(new Checkpointer.Entry(2, "{}")), null, ExecutionStatus.RUNNING, -1)))
                .isInstanceOf(io.hetumind.core.engine.CheckpointConflictException.class);
        try (Connection c = db.ds.getConnection()) {
            assertThat(queue.done(c, id, first.lease())).isFalse();
            assertThat(queue.done(c, id, taken.lease())).isTrue();
        }
    }

    @Test
    void higherPriorityGoesFirstAndParkedRowsWaitForTheirTime() throws Exception {
        clear();
        List<UUID> low = enqueue(3, UUID.randomUUID(), UUID.randomUUID(), 0);
        List<UUID> high = enqueue(2, UUID.randomUUID(), UUID.randomUUID(), 20);
        List<Claimed> got = queue.claim("w", 2, Duration.ofSeconds(30), NONE);
        assertThat(got).extracting(Claimed::id).containsExactlyInAnyOrderElementsOf(high);
        try (Connection c = db.ds.getConnection()) {
            assertThat(queue.park(c, high.getFirst(), got.getFirst().lease(), System.currentTimeMillis() + 600))
                    .isTrue();
        }
        assertThat(queue.claim("w", 10, Duration.ofSeconds(30), NONE))
                .extracting(Claimed::id)
                .containsExactlyInAnyOrderElementsOf(low);
        assertThat(queue.claim("w", 10, Duration.ofSeconds(30), NONE)).isEmpty();
        Thread.sleep(700);
        Claimed woke = queue.claim("w", 10, Duration.ofSeconds(30), NONE).getFirst();
        assertThat(woke.id()).isEqualTo(high.getFirst());
        assertThat(woke.claims()).isEqualTo(2);
    }

    @Test
    void aRowHandedBackTellsItsNextClaimOnlyAndALapsedLeaseDoesNot() throws Exception {
        clear();
        UUID id = enqueue(1, UUID.randomUUID(), UUID.randomUUID(), 0).getFirst();
        Claimed first = queue.claim("a", 10, Duration.ofSeconds(30), NONE).getFirst();
        assertThat(first.handedBack()).isFalse();
        try (Connection c = db.ds.getConnection()) {
            assertThat(queue.handBack(c, id, first.lease() + 1, System.currentTimeMillis()))
                    .as("a stale lease hands back nothing")
                    .isFalse();
            assertThat(queue.handBack(c, id, first.lease(), System.currentTimeMillis()))
                    .isTrue();
        }
        Claimed second = queue.claim("b", 10, Duration.ofMillis(300), NONE).getFirst();
        assertThat(second.handedBack()).isTrue();
        assertThat(second.claims()).isEqualTo(2);
        Thread.sleep(400); // b's lease lapses: b may have died, so the next claim must not read it as handed back
        Claimed third = queue.claim("c", 10, Duration.ofSeconds(30), NONE).getFirst();
        assertThat(third.id()).isEqualTo(id);
        assertThat(third.handedBack()).isFalse();
    }

    @Test
    void aLapsedLeaseWhoseOwnerWasSeenSinceReadsAsHandedBackAndOneWhoseOwnerWentQuietDoesNot() throws Exception {
        clear();
        List<UUID> ids = enqueue(2, UUID.randomUUID(), UUID.randomUUID(), 0);
        List<Claimed> mine = queue.claim("alive", 1, Duration.ofMillis(300), NONE);
        List<Claimed> theirs = queue.claim("dead", 1, Duration.ofMillis(300), NONE);
        assertThat(mine).hasSize(1);
        assertThat(theirs).hasSize(1);
        // "dead" renews (and is seen in that same statement), then goes quiet; "alive" never got its claim's reply
        // (or broke the run off and could not give the row back) but goes on being seen
        assertThat(queue.renew("dead", List.of(theirs.getFirst().id()), Duration.ofMillis(300)))
                .hasSize(1);
        Thread.sleep(50);
        queue.seen("alive");
        Thread.sleep(350);
        List<Claimed> next = queue.claim("c", 10, Duration.ofSeconds(30), NONE);
        assertThat(next).extracting(Claimed::id).containsExactlyInAnyOrderElementsOf(ids);
        for (Claimed c : next) {
            assertThat(c.handedBack())
                    .as("row held by %s", c.id().equals(mine.getFirst().id()) ? "alive" : "dead")
                    .isEqualTo(c.id().equals(mine.getFirst().id()));
        }
        // a claim clears it: c is not seen after its own claim, so if its lease lapses the row counts as lost
        try (Connection c = db.ds.getConnection()) {
            c.createStatement().execute("UPDATE execution_queue SET lease_until = now() - interval '1 second'");
        }
        assertThat(queue.claim("d", 10, Duration.ofSeconds(30), NONE))
                .extracting(Claimed::handedBack)
                .containsOnly(false);
    }

    @Test
    void concurrencyLimitsHoldAcrossWorkers() throws Exception {
        clear();
        UUID tenant = UUID.randomUUID();
        UUID busyWorkflow = UUID.randomUUID();
        enqueue(20, tenant, busyWorkflow, 0);
        enqueue(20, tenant, UUID.randomUUID(), 0);
        ExecutionQueue.Limits limits = new ExecutionQueue.Limits(5, 2);
        List<Claimed> a = queue.claim("a", 50, Duration.ofSeconds(30), limits);
        List<Claimed> b = queue.claim("b", 50, Duration.ofSeconds(30), limits);
        assertThat(a.size() + b.size()).isEqualTo(4); // two per workflow, under the tenant's five
        assertThat(a.stream().filter(c -> c.workflowId().equals(busyWorkflow))).hasSize(2);
        ExecutionQueue.Limits tenantOnly = new ExecutionQueue.Limits(5, 0);
        assertThat(queue.claim("c", 50, Duration.ofSeconds(30), tenantOnly)).hasSize(1);
        assertThat(queue.claim("c", 50, Duration.ofSeconds(30), tenantOnly)).isEmpty();
        assertThat(queue.claim("c", 50, Duration.ofSeconds(30), NONE)).hasSize(35);
    }

    @Test
    void aTerminatedConnectionReadsAsTheDatabaseOutOfReachAndARefusedStatementDoesNot() throws Exception {
        try (Connection victim = db.ds.getConnection();
                Connection admin = db.ds.getConnection()) {
            var bad = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.sql.SQLException.class, () -> victim.createStatement().execute("SELECT 1/0"));
            assertThat(Jdbc.unreachable(bad)).as(bad.getSQLState()).isFalse();
            var rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);
            admin.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
            var cut = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.sql.SQLException.class, () -> victim.createStatement().execute("SELECT 1"));
            assertThat(Jdbc.unreachable(cut)).as(cut.getSQLState()).isTrue();
            var closed = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.sql.SQLException.class, () -> victim.createStatement().execute("SELECT 1"));
            assertThat(Jdbc.unreachable(closed)).as(closed.getSQLState()).isTrue();
        }
    }
}
