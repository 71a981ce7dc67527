package io.hetumind.studio.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Schedule ticks: exactly once across competing claimers, the misfire policy, time zones, and the poller. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ScheduleClaimTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    @Inject
    NodeRegistry registry;

    private StoredWorkflow activate(String json) {
        StoredWorkflow wf = Fixtures.save(db, UUID.randomUUID(), json);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return wf;
    }

    /** The schedule row of {@code wf}, pushed out of the poller's reach (a year ahead) so only the test claims it. */
    private UUID parked(StoredWorkflow wf) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE schedule SET next_fire_at = now() + interval '365"
                        + " days' WHERE workflow_id = ? RETURNING id")) {
            ps.setObject(1, wf.workflowId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /**
     * A virtual "now" far beyond the parked rows: rows made due relative to it are never due for the app's own poller
     * (which claims with the real clock), so only the test's claimers compete.
     */
    private static Instant virtualNow() {
        return Instant.now().plus(Duration.ofDays(400)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    private void due(UUID id, Instant at) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE schedule SET next_fire_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    private long column(UUID id, String column) throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT " + column + " FROM schedule WHERE id = '" + id + "'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void twoClaimersFireEachTickExactlyOnce() throws Exception {
        // the poller of this very app is a third claimer: the schedule is parked out of its reach between rounds
        UUID id = parked(activate(Flows.schedule("{\"field\":\"minutes\",\"minutesInterval\":1}", "UTC")));
        ScheduleClaimer claimer = new ScheduleClaimer(registry, Duration.ofMinutes(5));
        int rounds = 25;
        AtomicInteger fires = new AtomicInteger();
        List<Integer> perRound = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection a = db.getConnection();
                Connection b = db.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            Instant base = virtualNow();
            for (int round = 0; round < rounds; round++) {
                Instant tick = base.plus(Duration.ofMinutes(round));
                Instant now = tick.plusSeconds(1);
                due(id, tick);
                int before = fires.get();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Optional<ScheduleClaimer.Claimed>>> results = new ArrayList<>();
                for (Connection c : List.of(a, b)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            var r = claimer.claim(c, id, now, claimed -> fires.incrementAndGet());
                            c.commit();
                            return r;
                        } catch (Exception e) {
                            c.rollback();
                            throw e;
                        }
                    }));
                }
                int claimedHere = 0;
                for (var f : results) {
                    claimedHere += f.get().isPresent() ? 1 : 0;
                }
                assertThat(claimedHere).as("claims in round %d", round).isEqualTo(1);
                perRound.add(fires.get() - before);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(perRound).hasSize(rounds).containsOnly(1);
        assertThat(column(id, "fires")).isEqualTo(rounds);
        assertThat(column(id, "misfires")).isZero();
    }

    @Test
    void afterDowntimeTheLatestTickWithinGraceFiresOnceAndOlderOnesAreSkipped() throws Exception {
        UUID id = parked(activate(Flows.schedule("{\"field\":\"minutes\",\"minutesInterval\":1}", "UTC")));
        ScheduleClaimer claimer = new ScheduleClaimer(registry, Duration.ofSeconds(90));
        Instant now = virtualNow().plusSeconds(30);
        // down for ten minutes: eleven ticks are due; the latest is 30 s old, so it fires, the ten before it do not
        due(id, now.minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        AtomicInteger fires = new AtomicInteger();
        var claimed = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = db.getConnection()) {
                return claimer.claim(c, id, now, x -> fires.incrementAndGet()).orElseThrow();
            }
        });
        assertThat(fires.get()).isEqualTo(1);
        assertThat(claimed.fired()).isEqualTo(now.minusSeconds(30));
        assertThat(claimed.misfires()).isEqualTo(10);
        assertThat(claimed.following()).isAfter(now);
        assertThat(column(id, "misfires")).isEqualTo(10);
    }

    @Test
    void ticksOlderThanTheGraceWindowAreSkippedWithoutFiring() throws Exception {
        UUID id = parked(activate(Flows.schedule(
                "{\"field\":\"days\",\"daysInterval\":1,\"triggerAtHour\":3,\"triggerAtMinute\":0}", "UTC")));
        ScheduleClaimer claimer = new ScheduleClaimer(registry, Duration.ofSeconds(60));
        // 15:00 on a virtual day: the latest 03:00 tick is 12 h old whatever the time of day the test runs at.
        Instant now =
                virtualNow().atZone(ZoneId.of("UTC")).with(LocalTime.of(15, 0)).toInstant();
        Instant twoDaysAgo = now.minus(Duration.ofDays(2))
                .atZone(ZoneId.of("UTC"))
                .with(LocalTime.of(3, 0))
                .toInstant();
        due(id, twoDaysAgo);
        AtomicInteger fires = new AtomicInteger();
        var claimed = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = db.getConnection()) {
                return claimer.claim(c, id, now, x -> fires.incrementAndGet()).orElseThrow();
            }
        });
        assertThat(fires.get()).isZero();
        assertThat(claimed.fired()).isNull();
        assertThat(claimed.misfires()).isBetween(2L, 3L);
        assertThat(column(id, "fires")).isZero();
    }

    @Test
    void aFailedStartUndoesTheClaim() throws Exception {
        UUID id = parked(activate(Flows.schedule("{\"field\":\"minutes\",\"minutesInterval\":1}", "UTC")));
        ScheduleClaimer claimer = new ScheduleClaimer(registry, Duration.ofMinutes(5));
        Instant tick = virtualNow();
        due(id, tick);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                claimer.claim(c, id, tick.plusSeconds(2), x -> {
                    throw new IllegalStateException("queue full");
                });
            } catch (IllegalStateException expected) {
                c.rollback();
            }
        }
        try (Connection c = db.getConnection();
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT next_fire_at FROM schedule WHERE id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(tick);
        }
    }

    @Test
    void activationComputesTheNextTickInTheWorkflowsTimeZone() throws Exception {
        StoredWorkflow wf = activate(Flows.schedule(
                "{\"field\":\"days\",\"daysInterval\":1,\"triggerAtHour\":9,\"triggerAtMinute\":30}", "Asia/Kolkata"));
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT next_fire_at, timezone FROM schedule WHERE workflow_id = '"
                                + wf.workflowId() + "'")) {
            rs.next();
            var next = rs.getTimestamp(1).toInstant().atZone(ZoneId.of("Asia/Kolkata"));
            assertThat(rs.getString(2)).isEqualTo("Asia/Kolkata");
            assertThat(next.toLocalTime()).isEqualTo(LocalTime.of(9, 30));
            assertThat(next.toInstant())
                    .isAfter(Instant.now())
                    .isBefore(Instant.now().plus(Duration.ofDays(1)));
        }
    }

    @Test
    void thePollerFiresADueScheduleAndDeactivationStopsIt() throws Exception {
        StoredWorkflow wf = activate(Flows.schedule("{\"field\":\"seconds\",\"secondsInterval\":1}", "UTC"));
        UUID id;
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT id FROM schedule WHERE workflow_id = '" + wf.workflowId() + "'")) {
            rs.next();
            id = rs.getObject(1, UUID.class);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (column(id, "fires") < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(column(id, "fires")).isGreaterThanOrEqualTo(2);
        QuarkusTransaction.requiringNew().run(() -> triggers.deactivate(wf.tenantId(), wf.workflowId()));
        assertThat(column(id, "fires")).isEqualTo(-1);
    }
}
