package io.hetumind.taskserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.LeaseRepository;
import io.hetumind.taskserver.service.ServerIdentity;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedules, the leader's duties (cron planning, dead agents, timeouts), the lease and its fencing token. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class SchedulingTest {
    static Iam acme;

    @Inject
    Db db;

    @Inject
    LeaseRepository leases;

    @Inject
    ServerIdentity server;

    @Inject
    io.hetumind.taskserver.repository.AgentRepository agents;

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + acme.ownerToken()).contentType(ContentType.JSON);
    }

    static String job(String ns, String name, long timeoutMs) {
        return api().body(Map.of("name", name, "namespace", ns, "command", "true", "timeoutMs", timeoutMs))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String schedule(String job, Map<String, Object> body) {
        return api().body(body)
                .post("/api/v1/jobs/" + job + "/schedules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> instance(String id) {
        return api().get("/api/v1/task-instances/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> ok, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        T last = probe.get();
        while (!ok.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = probe.get();
        }
        assertThat(ok.test(last))
                .as("condition within " + within + "; last " + last)
                .isTrue();
        return last;
    }

    @Test
    void aCronScheduleRunsEverySecondInItsTimeZoneAtItsFireTime() throws Exception {
        String job = job("cron", "tick", 60_000);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("cron"))) {
            agent.register("ticker", Map.of(), 4, List.of());
            schedule(job, Map.of("kind", "cron", "cron", "* * * * * *", "timeZone", "Asia/Kolkata"));
            for (int i = 0; i < 3; i++) {
                Messages.Dispatch d = agent.acquire(1, 5000).instances().getFirst();
                agent.update(AgentClient.event(d.instanceId(), "started", null));
                agent.update(AgentClient.event(d.instanceId(), "succeeded", 0));
                Map<String, Object> inst = instance(d.instanceId().toString());
                Map<String, Object> task = api().get("/api/v1/tasks/" + inst.get("taskId"))
                        .then()
                        .extract()
                        .as(Map.class);
                assertThat(task.get("trigger")).isEqualTo("cron");
                Instant fire = Instant.parse((String) task.get("fireAt"));
                assertThat(fire.getNano()).isZero();
                long lagMs = Duration.between(fire, Instant.parse((String) inst.get("dispatchedAt")))
                        .toMillis();
                // never before its fire time, and not seconds late even on a loaded CI machine; the lag itself is a
                // figure of bench/sched (milliseconds), not something a test can time
                assertThat(lagMs).as("cron lag").isBetween(0L, 3000L);
            }
            String sched = api().get("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .extract()
                    .path("[0].id");
            api().post("/api/v1/schedules/" + sched + "/disable")
                    .then()
                    .statusCode(200)
                    .body("enabled", equalTo(false));
        }
    }

    static List<Map<String, Object>> attempts(String job) {
        return api().get("/api/v1/task-instances?jobId=" + job)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** The first attempt of {@code job}, once it is dispatched (claimed ahead by a parked agent). */
    static Map<String, Object> heldAttempt(String job) throws Exception {
        return eventually(
                        () -> attempts(job),
                        l -> l.size() == 1 && "dispatched".equals(l.getFirst().get("status")),
                        Duration.ofSeconds(10))
                .getFirst();
    }

    @Test
    void anAgentThatHoldsDispatchesGetsThemAheadWithTheStartTimeAndStartsThemItself() throws Exception {
        String token = acme.agentToken("ahead");
        String job = job("ahead", "held-by-agent", 60_000);
        // Far enough ahead that a slow start of this test (a loaded CI machine, the leader's tick, a cold socket)
        // still leaves the agent parked before the claim moment, dispatch-lead (2 s here) before the run time.
        Instant runAt = Instant.now().plusSeconds(6).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        schedule(job, Map.of("kind", "time", "runAt", runAt.toString()));
        eventually(() -> attempts(job), l -> l.size() == 1, Duration.ofSeconds(5));
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("holder", Map.of(), 1, List.of(), List.of(Protocol.HELD_DISPATCH));
            assertThat(Instant.now())
                    .as("the test set up before the claim moment")
                    .isBefore(runAt.minusSeconds(2));
            // Parked until dispatch-lead before the run time; an acquire that waits longer (3 s here) is answered
            // empty and asked again, as the agent does.
            Protocol.Frame f;
            while (true) {
                agent.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
                f = agent.expect(Kind.TASK_DISPATCH, 10_000);
                if (!f.payload(Messages.TaskDispatch.class).instances().isEmpty()) {
                    break;
                }
                agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
            }
            assertThat(Instant.now()).as("sent once claimed, ahead of its time").isBefore(runAt);
            Messages.Dispatch d =
                    f.payload(Messages.TaskDispatch.class).instances().getFirst();
            assertThat(d.notBefore())
                    .as("the agent starts it at its ready time")
                    .isEqualTo(runAt.toEpochMilli());
            agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
            Map<String, Object> held = instance(d.instanceId().toString());
            assertThat(held.get("status")).isEqualTo("dispatched");
            assertThat(Instant.parse((String) held.get("dispatchedAt"))).isAfterOrEqualTo(runAt);
            // The agent starts it by its own clock and reports it as any other run.
            Messages.InstanceUpdate started = new Messages.InstanceUpdate(
                    d.instanceId(), "started", null, null, null, null, null, null, d.notBefore() + 3);
            assertThat(agent.update(started).ok()).isTrue();
            assertThat(agent.update(AgentClient.event(d.instanceId(), "succeeded", 0))
                            .ok())
                    .isTrue();
            assertThat(instance(d.instanceId().toString()).get("status")).isEqualTo("succeeded");
        }
    }

    @Test
    void aDispatchClaimedAheadIsSentAtItsReadyTimeCanceledOrReleasedIfTheAgentLeaves() throws Exception {
        String token = acme.agentToken("held");
        // Sent at its time: claimed dispatch-lead (2 s in tests) ahead, never received before the run time.
        String onTime = job("held", "on-time", 60_000);
        Instant runAt = Instant.now().plusSeconds(4);
        schedule(onTime, Map.of("kind", "time", "runAt", runAt.toString()));
        eventually(() -> attempts(onTime), l -> l.size() == 1, Duration.ofSeconds(5));
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("punctual", Map.of(), 1, List.of());
            agent.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            Map<String, Object> held = heldAttempt(onTime);
            assertThat(Instant.now()).as("claimed before its time").isBefore(runAt);
            Protocol.Frame f = agent.next(Kind.TASK_DISPATCH, 10_000);
            assertThat(Instant.now()).as("received no earlier than its time").isAfterOrEqualTo(runAt);
            Messages.Dispatch d =
                    f.payload(Messages.TaskDispatch.class).instances().getFirst();
            assertThat(d.instanceId().toString()).isEqualTo(held.get("id"));
            assertThat(d.notBefore())
                    .as("an agent without held_dispatch gets no start time")
                    .isNull();
            agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
            assertThat(Instant.parse(
                            (String) instance(held.get("id").toString()).get("dispatchedAt")))
                    .isAfterOrEqualTo(runAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            agent.update(AgentClient.event(d.instanceId(), "started", null));
            agent.update(AgentClient.event(d.instanceId(), "succeeded", 0));
        }
        // Canceled while held: the agent gets the dispatch and then (again) the cancel.
        String canceled = job("held", "canceled", 60_000);
        schedule(
                canceled,
                Map.of("kind", "time", "runAt", Instant.now().plusSeconds(3).toString()));
        try (AgentClient agent = AgentClient.connect(token)) {
            // A new agent: this test agent sends no heartbeats, so the first one is declared dead about now, and a
            // re-registration of the same agent racing that declaration can lose its parked acquire (see the note).
            agent.register("punctual-again", Map.of(), 1, List.of());
            agent.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            String id = heldAttempt(canceled).get("id").toString();
            api().post("/api/v1/task-instances/" + id + "/cancel").then().statusCode(200);
            Protocol.Frame f = agent.next(Kind.TASK_DISPATCH, 10_000);
            agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
            Protocol.Frame c = agent.next(Kind.CANCEL, 10_000);
            assertThat(c).as("a cancel after the held dispatch").isNotNull();
            assertThat(c.payload(Messages.Cancel.class).instanceId().toString()).isEqualTo(id);
            agent.send(Kind.ACK, new Messages.Ack(c.id(), true, false, null));
            agent.update(AgentClient.event(UUID.fromString(id), "canceled", null));
            assertThat(instance(id).get("status")).isEqualTo("canceled");
        }
        // Released: the agent leaves while its dispatch is held; at the run time the attempt is lost and re-queued.
        String left = job("held", "left", 60_000);
        schedule(
                left,
                Map.of("kind", "time", "runAt", Instant.now().plusSeconds(3).toString()));
        String heldId;
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("leaver", Map.of(), 1, List.of());
            agent.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            heldId = heldAttempt(left).get("id").toString();
            agent.abort();
        }
        eventually(() -> instance(heldId).get("status"), "lost"::equals, Duration.ofSeconds(10));
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("stayer", Map.of(), 1, List.of());
            Messages.Dispatch again = agent.acquire(1, 10_000).instances().getFirst();
            assertThat(again.jobId().toString()).isEqualTo(left);
            assertThat(again.attempt()).isEqualTo(2);
            agent.update(AgentClient.event(again.instanceId(), "started", null));
            agent.update(AgentClient.event(again.instanceId(), "succeeded", 0));
        }
    }

    /**
     * A connection's close can be handled while the same agent's next register is still in its transaction, so not
     * yet in the registry: the close then must not mark the newer registration offline. It is told apart by the
     * {@code connected_at} each register writes.
     */
    @Test
    void aCloseHandledAfterTheAgentRegisteredAgainLeavesItOnline() throws Exception {
        String token = acme.agentToken("reconnect");
        try (AgentClient first = AgentClient.connect(token)) {
            UUID id = first.register("reconnector", Map.of(), 1, List.of());
            Instant firstAt = db.tx(c -> agents.lock(c, id)).connectedAt();
            try (AgentClient second = AgentClient.connect(token)) {
                assertThat(second.register("reconnector", Map.of(), 1, List.of()))
                        .isEqualTo(id);
                Instant secondAt = db.tx(c -> agents.lock(c, id)).connectedAt();
                assertThat(secondAt).isAfter(firstAt);
                boolean late = db.tx(c -> agents.disconnected(c, id, server.id(), firstAt));
                assertThat(late).as("the first connection's late close").isFalse();
                api().get("/api/v1/agents/" + id).then().body("state", equalTo("online"));
                boolean last = db.tx(c -> agents.disconnected(c, id, server.id(), secondAt));
                assertThat(last)
                        .as("the close of the connection that registered last")
                        .isTrue();
                api().get("/api/v1/agents/" + id).then().body("state", equalTo("offline"));
            }
        }
    }

    /** A held_dispatch agent named {@code name} that asks for one run and acknowledges the dispatch it holds. */
    static Messages.Dispatch holdOne(AgentClient agent, String name) throws Exception {
        agent.register(name, Map.of(), 1, List.of(), List.of(Protocol.HELD_DISPATCH));
        agent.send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
        Protocol.Frame f = agent.expect(Kind.TASK_DISPATCH, 10_000);
        agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
        Messages.Dispatch d = f.payload(Messages.TaskDispatch.class).instances().getFirst();
        assertThat(d.notBefore()).as("held by the agent").isNotNull();
        // A heartbeat now, so dead-after (4 s here) counts from this moment, well after held-release-after (1 s).
        agent.send(Kind.HEARTBEAT, new Messages.Heartbeat(0, 0, 0, 0, 1));
        return d;
    }

    @Test
    void heldRunsOfAnAgentWhoseConnectionClosedAreReleasedUnlessItComesBackWithThem() throws Exception {
        String token = acme.agentToken("release");
        // Gone: the holder's connection closes before the run's time and it does not come back. After
        // held-release-after, not dead-after, the attempt is lost and another agent gets attempt 2.
        String gone = job("release", "gone", 60_000);
        schedule(
                gone,
                Map.of("kind", "time", "runAt", Instant.now().plusSeconds(3).toString()));
        Messages.Dispatch d;
        try (AgentClient holder = AgentClient.connect(token)) {
            d = holdOne(holder, "holder-gone");
            holder.abort();
        }
        String goneId = d.instanceId().toString();
        try (AgentClient taker = AgentClient.connect(token)) {
            taker.register("taker", Map.of(), 1, List.of(), List.of(Protocol.HELD_DISPATCH));
            Map<String, Object> lost =
                    eventually(() -> instance(goneId), i -> "lost".equals(i.get("status")), Duration.ofSeconds(10));
            assertThat((String) lost.get("message"))
                    .as("released for the closed connection, not by dead-after")
                    .startsWith("the agent's connection closed while it held the run");
            Messages.Dispatch again = taker.acquire(1, 10_000).instances().getFirst();
            assertThat(again.jobId().toString()).isEqualTo(gone);
            assertThat(again.attempt()).isEqualTo(2);
            taker.update(AgentClient.event(again.instanceId(), "started", null));
            taker.update(AgentClient.event(again.instanceId(), "succeeded", 0));
        }

        // Back in time: an agent that started the run just before it saw its link close registers again within
        // held-release-after listing it; the attempt stays its own and its start is taken.
        String back = job("release", "back", 60_000);
        Instant runAt = Instant.now().plusSeconds(3);
        schedule(back, Map.of("kind", "time", "runAt", runAt.toString()));
        try (AgentClient holder = AgentClient.connect(token);
                AgentClient again = AgentClient.connect(token)) {
            d = holdOne(holder, "holder-back");
            holder.abort();
            again.register("holder-back", Map.of(), 1, List.of(d.instanceId()), List.of(Protocol.HELD_DISPATCH));
            again.send(Kind.HEARTBEAT, new Messages.Heartbeat(0, 0, 0, 0, 1));
            Thread.sleep(2000); // twice held-release-after
            assertThat(instance(d.instanceId().toString()).get("status"))
                    .as("kept: the agent came back with it")
                    .isEqualTo("dispatched");
            Messages.InstanceUpdate started = new Messages.InstanceUpdate(
                    d.instanceId(), "started", null, null, null, null, null, null, d.notBefore());
            assertThat(again.update(started).ok()).isTrue();
            assertThat(again.update(AgentClient.event(d.instanceId(), "succeeded", 0))
                            .ok())
                    .isTrue();
        }
        assertThat(attempts(back)).hasSize(1);

        // Its time had come: a held run whose ready time passed before the close may have started unreported, so the
        // close does not release it; it waits for the agent's register or dead-after, as any dispatched run.
        String started = job("release", "started", 60_000);
        runAt = Instant.now().plusSeconds(3);
        schedule(started, Map.of("kind", "time", "runAt", runAt.toString()));
        try (AgentClient holder = AgentClient.connect(token)) {
            d = holdOne(holder, "holder-started");
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), runAt).toMillis()) + 300);
            holder.abort();
        }
        String startedId = d.instanceId().toString();
        Map<String, Object> lost =
                eventually(() -> instance(startedId), i -> "lost".equals(i.get("status")), Duration.ofSeconds(20));
        assertThat((String) lost.get("message"))
                .as("declared lost by dead-after, not released by the close")
                .isEqualTo("the agent stopped heartbeating");
    }

    @Test
    void oneShotEventFlowAndDaemonSchedules() throws Exception {
        String first = job("kinds", "first", 60_000);
        String after = job("kinds", "after", 60_000);
        String daemon = job("kinds", "daemon", 60_000);
        schedule(
                first,
                Map.of("kind", "time", "runAt", Instant.now().plusSeconds(1).toString()));
        String event = schedule(first, Map.of("kind", "event"));
        schedule(after, Map.of("kind", "flow", "afterJobs", List.of(first)));
        try (AgentClient agent = AgentClient.connect(acme.agentToken("kinds"))) {
            agent.register("kinds", Map.of(), 1, List.of());
            Messages.Dispatch once = agent.acquire(1, 6000).instances().getFirst();
            assertThat(once.jobId().toString()).isEqualTo(first);
            agent.update(AgentClient.event(once.instanceId(), "started", null));
            agent.update(AgentClient.event(once.instanceId(), "succeeded", 0));
            Messages.Dispatch flow = agent.acquire(1, 6000).instances().getFirst();
            assertThat(flow.jobId().toString())
                    .as("the flow job follows the first one's success")
                    .isEqualTo(after);
            agent.update(AgentClient.event(flow.instanceId(), "started", null));
            agent.update(AgentClient.event(flow.instanceId(), "succeeded", 0));
            api().post("/api/v1/schedules/" + event + "/fire")
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("queued"));
            Messages.Dispatch fired = agent.acquire(1, 6000).instances().getFirst();
            assertThat(fired.jobId().toString()).isEqualTo(first);
            agent.update(AgentClient.event(fired.instanceId(), "started", null));
            agent.update(AgentClient.event(fired.instanceId(), "succeeded", 0));
            Messages.Dispatch flowAgain = agent.acquire(1, 6000).instances().getFirst();
            assertThat(flowAgain.jobId().toString()).isEqualTo(after);
            agent.update(AgentClient.event(flowAgain.instanceId(), "canceled", null));
            // A daemon is restarted whenever its instance ends.
            schedule(daemon, Map.of("kind", "daemon"));
            Messages.Dispatch d1 = agent.acquire(1, 6000).instances().getFirst();
            assertThat(d1.jobId().toString()).isEqualTo(daemon);
            agent.update(AgentClient.event(d1.instanceId(), "started", null));
            agent.update(AgentClient.event(d1.instanceId(), "succeeded", 0));
            Messages.Dispatch d2 = agent.acquire(1, 6000).instances().getFirst();
            assertThat(d2.jobId().toString()).isEqualTo(daemon);
            assertThat(instance(d2.instanceId().toString()).get("taskId"))
                    .isNotEqualTo(instance(d1.instanceId().toString()).get("taskId"));
            api().post("/api/v1/schedules/" + event + "/disable").then().statusCode(200);
            agent.update(AgentClient.event(d2.instanceId(), "failed", null));
        }
    }

    @Test
    void aDeadAgentsRunningInstanceIsRequeuedAndTheAgentComesBack() throws Exception {
        String job = job("dead", "victim", 60_000);
        String inst =
                api().post("/api/v1/jobs/" + job + "/trigger").then().extract().path("id");
        String token = acme.agentToken("dead");
        UUID agentId;
        try (AgentClient agent = AgentClient.connect(token)) {
            agentId = agent.register("mortal", Map.of(), 1, List.of());
            UUID id = agent.acquire(1, 5000).instances().getFirst().instanceId();
            agent.update(AgentClient.event(id, "started", null));
            agent.abort();
        }
        eventually(() -> instance(inst).get("status"), "lost"::equals, Duration.ofSeconds(10));
        api().get("/api/v1/agents/" + agentId).then().body("state", equalTo("dead"));
        try (AgentClient back = AgentClient.connect(token)) {
            assertThat(back.register("mortal", Map.of(), 1, List.of())).isEqualTo(agentId);
            Messages.Dispatch again = back.acquire(1, 5000).instances().getFirst();
            assertThat(again.attempt()).isEqualTo(2);
            // A second connection of the same agent replaces the first.
            try (AgentClient twin = AgentClient.connect(token)) {
                twin.register("mortal", Map.of(), 1, List.of(again.instanceId()));
                assertThat(back.closeCode(5000)).isEqualTo(4409);
                twin.update(AgentClient.event(again.instanceId(), "started", null));
                twin.update(AgentClient.event(again.instanceId(), "timed_out", 137));
            }
        }
        eventually(
                () -> api().get("/api/v1/agents/" + agentId).then().extract().path("state"),
                "offline"::equals,
                Duration.ofSeconds(5));
    }

    @Test
    void aSilentConnectedAgentDiesAndAnInstanceForgottenAtRegisterIsLost() throws Exception {
        String job = job("forgot", "forgotten", 60_000);
        String inst =
                api().post("/api/v1/jobs/" + job + "/trigger").then().extract().path("id");
        String token = acme.agentToken("forgot");
        UUID agentId;
        try (AgentClient agent = AgentClient.connect(token)) {
            agentId = agent.register("amnesiac", Map.of(), 1, List.of());
            agent.acquire(1, 5000);
            // Connected but silent: no heartbeat for the dead-after period.
            eventually(
                    () -> api().get("/api/v1/agents/" + agentId)
                            .then()
                            .extract()
                            .path("state"),
                    "dead"::equals,
                    Duration.ofSeconds(10));
        }
        eventually(() -> instance(inst).get("status"), "lost"::equals, Duration.ofSeconds(5));
        String retry = api().queryParam("jobId", job)
                .queryParam("status", "queued")
                .get("/api/v1/task-instances")
                .then()
                .extract()
                .path("items[0].id");
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("amnesiac", Map.of(), 1, List.of());
            Messages.Dispatch d = agent.acquire(1, 5000).instances().getFirst();
            assertThat(d.instanceId().toString()).isEqualTo(retry);
            // It restarts and forgets what it was given: the dispatched instance is lost at its register.
            agent.abort();
        }
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("amnesiac", Map.of(), 1, List.of());
            eventually(() -> instance(retry).get("status"), "lost"::equals, Duration.ofSeconds(5));
            Messages.Dispatch third = agent.acquire(1, 5000).instances().getFirst();
            assertThat(third.attempt()).isEqualTo(3);
            // Canceled before it started.
            api().post("/api/v1/task-instances/" + third.instanceId() + "/cancel")
                    .then()
                    .statusCode(200);
            var cancel = agent.next(Kind.CANCEL, 5000);
            agent.send(Kind.ACK, new Messages.Ack(cancel.id(), true, false, null));
            agent.update(AgentClient.event(third.instanceId(), "canceled", null));
            assertThat(instance(third.instanceId().toString()).get("status")).isEqualTo("canceled");
        }
    }

    @Test
    void aRunningInstanceWithoutAFinalStatusTimesOutOnTheServer() throws Exception {
        String job = job("timeout", "hung", 100);
        String inst =
                api().post("/api/v1/jobs/" + job + "/trigger").then().extract().path("id");
        try (AgentClient agent = AgentClient.connect(acme.agentToken("timeout"))) {
            agent.register("hung", Map.of(), 1, List.of());
            UUID id = agent.acquire(1, 5000).instances().getFirst().instanceId();
            agent.update(AgentClient.event(id, "started", null));
            for (int i = 0; i < 40 && !"timed_out".equals(instance(inst).get("status")); i++) {
                agent.send(Kind.HEARTBEAT, new Messages.Heartbeat(0, 0, 0, 0, 1));
                Thread.sleep(200);
            }
            assertThat(instance(inst).get("status")).isEqualTo("timed_out");
        }
    }

    @Test
    void theConsistencyCheckFindsAndRepairsInstancesOnVanishedAgents() throws Exception {
        String job = job("consistency", "orphan", 60_000);
        String inst =
                api().post("/api/v1/jobs/" + job + "/trigger").then().extract().path("id");
        db.tx(c -> Db.update(
                c,
                "UPDATE task_instance SET status = 'running', agent_id = ?, dispatched_at = now(), started_at = now()"
                        + " WHERE id = ?",
                UUID.randomUUID(),
                UUID.fromString(inst)));
        api().post("/api/v1/system/consistency-check")
                .then()
                .statusCode(200)
                .body("stuckOnUnknownAgents", equalTo(List.of(inst)))
                .body("repaired", equalTo(false));
        assertThat(instance(inst).get("status")).isEqualTo("running");
        api().queryParam("repair", true)
                .post("/api/v1/system/consistency-check")
                .then()
                .statusCode(200);
        assertThat(instance(inst).get("status")).isEqualTo("lost");
        List<Integer> attempts = api().queryParam("jobId", job)
                .get("/api/v1/task-instances")
                .then()
                .extract()
                .path("items.attempt");
        assertThat(attempts).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void theLeaseIsHeldByThisServerAndAStaleFencingTokenCannotWrite() throws Exception {
        UUID me = server.id();
        LeaseRepository.Lease held = eventually(
                () -> db.tx(c -> leases.current(c)),
                l -> l != null && l.holder().equals(me),
                Duration.ofSeconds(10));
        api().get("/api/v1/servers").then().statusCode(200).body("find { it.leader }.id", equalTo(me.toString()));
        boolean fenced = db.tx(c -> leases.fenced(c, me, held.fencing()));
        assertThat(fenced).isTrue();
        // Another replica takes the lease (as after a pause longer than the TTL): the old token is fenced off.
        UUID other = UUID.randomUUID();
        db.tx(c -> Db.update(
                c,
                "UPDATE lease SET holder = ?, fencing = fencing + 1, expires_at = now() + interval '2 seconds'",
                other));
        boolean stillFenced = db.tx(c -> leases.fenced(c, me, held.fencing()));
        assertThat(stillFenced).isFalse();
        Long taken = db.tx(c -> leases.acquire(c, me, Duration.ofSeconds(3)));
        assertThat(taken).isNull();
        // When the other's lease lapses this server takes over with a higher token.
        LeaseRepository.Lease back =
                eventually(() -> db.tx(c -> leases.current(c)), l -> l.holder().equals(me), Duration.ofSeconds(10));
        assertThat(back.fencing()).isGreaterThan(held.fencing() + 1);
        api().get("/api/v1/system/stats").then().statusCode(200).body("leader", equalTo(me.toString()));
    }
}
