package io.hetumind.taskserver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.hetumind.core.task.FireIds;
import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules pinned to an agent ({@code local_schedules}): the pin's checks, the {@code schedule_sync} an agent gets
 * after {@code registered} and on every change of its set, and runs the agent fired itself recorded from their first
 * update, once, whatever copies arrive. Scripted agents over real WebSockets against the real server and database.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PinnedScheduleTest {
    static final List<String> LOCAL = List.of(Protocol.HELD_DISPATCH, Protocol.LOCAL_SCHEDULES);
    static Iam acme;

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + acme.ownerToken()).contentType(ContentType.JSON);
    }

    static String job(String ns, String name, Map<String, String> labels, int retries) {
        return api().body(Map.of(
                        "name",
                        name,
                        "namespace",
                        ns,
                        "command",
                        "echo",
                        "args",
                        List.of("tick"),
                        "timeoutMs",
                        60_000,
                        "maxRetries",
                        retries,
                        "retryBackoffMs",
                        0,
                        "labels",
                        labels))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> pinned(UUID agent, String kind) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        if ("cron".equals(kind)) {
            body.put("cron", "*/5 * * * * *");
            body.put("timeZone", "Europe/Berlin");
        }
        body.put("pinnedAgent", agent.toString());
        return body;
    }

    static String schedule(String job, Map<String, Object> body) {
        return api().body(body)
                .post("/api/v1/jobs/" + job + "/schedules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The next schedule_sync, acknowledged as the agent does once it stored it. */
    static Messages.ScheduleSync sync(AgentClient agent) throws InterruptedException {
        Protocol.Frame f = agent.next(Kind.SCHEDULE_SYNC);
        agent.send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
        return f.payload(Messages.ScheduleSync.class);
    }

    static JsonPath agentRow(UUID id) {
        return api().get("/api/v1/agents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static List<Map<String, Object>> tasks(String job) {
        return api().get("/api/v1/tasks?jobId=" + job)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static Messages.InstanceUpdate fire(UUID schedule, Instant fireAt, int attempt, String event, Integer exit) {
        UUID id = FireIds.instanceId(schedule, fireAt.toEpochMilli(), attempt);
        return AgentClient.event(id, event, exit).fired(schedule, fireAt.toEpochMilli(), attempt);
    }

    @Test
    void aPinIsCheckedAndARefusedOneStoresNothing() throws Exception {
        Iam stranger = Iam.newTenant();
        String job = job("pin-check", "pinned-check", Map.of("host", "a"), 0);
        try (AgentClient capable = AgentClient.connect(acme.agentToken("pin-check"));
                AgentClient older = AgentClient.connect(acme.agentToken("pin-check"));
                AgentClient unlabelled = AgentClient.connect(acme.agentToken("pin-check"));
                AgentClient elsewhere = AgentClient.connect(acme.agentToken("pin-other"));
                AgentClient foreign = AgentClient.connect(stranger.agentToken("pin-check"))) {
            UUID ok = capable.register("a", Map.of("host", "a"), 2, List.of(), LOCAL);
            UUID old = older.register("old", Map.of("host", "a"), 2, List.of(), List.of(Protocol.HELD_DISPATCH));
            UUID bare = unlabelled.register("bare", Map.of("host", "b"), 2, List.of(), LOCAL);
            UUID other = elsewhere.register("a", Map.of("host", "a"), 2, List.of(), LOCAL);
            UUID theirs = foreign.register("a", Map.of("host", "a"), 2, List.of(), LOCAL);
            assertThat(sync(capable).schedules()).isEmpty();

            api().body(pinned(theirs, "cron"))
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            api().body(pinned(UUID.randomUUID(), "cron"))
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(404);
            api().body(pinned(old, "cron"))
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body(containsString("local_schedules"));
            api().body(pinned(bare, "cron"))
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(400)
                    .body(containsString("host=a"));
            api().body(pinned(other, "cron"))
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(400)
                    .body(containsString("namespace"));
            Map<String, Object> once = pinned(ok, "time");
            once.put("runAt", Instant.now().plusSeconds(60).toString());
            api().body(once)
                    .post("/api/v1/jobs/" + job + "/schedules")
                    .then()
                    .statusCode(400)
                    .body(containsString("only cron and daemon"));
            Map<String, Object> later = pinned(ok, "cron");
            later.put("misfire", "later");
            api().body(later).post("/api/v1/jobs/" + job + "/schedules").then().statusCode(400);

            assertThat(api().get("/api/v1/jobs/" + job + "/schedules")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("$"))
                    .isEmpty();
            assertThat(agentRow(ok).getLong("scheduleVersion")).isZero();
            assertThat(capable.next(Kind.SCHEDULE_SYNC, 1_000)).isNull();
            assertThat(older.next(Kind.SCHEDULE_SYNC, 100))
                    .as("never sent to an agent without the capability")
                    .isNull();
        }
    }

    @Test
    void theAgentGetsItsWholePinnedSetAfterRegisterAndOnEveryChange() throws Exception {
        String job = job("pin-sync", "pinned-sync", Map.of("host", "s"), 2);
        UUID agentId;
        String schedule;
        try (AgentClient agent = AgentClient.connect(acme.agentToken("pin-sync"))) {
            agentId = agent.register("s", Map.of("host", "s"), 2, List.of(), LOCAL);
            assertThat(sync(agent)).isEqualTo(new Messages.ScheduleSync(0, List.of()));

            Map<String, Object> body = pinned(agentId, "cron");
            body.put("misfire", "once");
            schedule = schedule(job, body);
            Messages.ScheduleSync s1 = sync(agent);
            assertThat(s1.version()).isEqualTo(1);
            assertThat(s1.schedules()).singleElement().satisfies(p -> {
                assertThat(p.scheduleId()).isEqualTo(UUID.fromString(schedule));
                assertThat(p.jobId()).isEqualTo(UUID.fromString(job));
                assertThat(p.cron()).isEqualTo("*/5 * * * * *");
                assertThat(p.timeZone()).isEqualTo("Europe/Berlin");
                assertThat(p.misfire()).isEqualTo("once");
                assertThat(p.command()).isEqualTo("echo");
                assertThat(p.args()).containsExactly("tick");
                assertThat(p.maxRetries()).isEqualTo(2);
            });
            awaitAcked(agentId, 1);
            api().get("/api/v1/schedules/" + schedule)
                    .then()
                    .statusCode(200)
                    .body("pinnedAgent", org.hamcrest.Matchers.equalTo(agentId.toString()));

            // The leader never plans it: five-second cron, several leader ticks, no task.
            Thread.sleep(2_500);
            assertThat(tasks(job)).isEmpty();
        }
        try (AgentClient again = AgentClient.connect(acme.agentToken("pin-sync"))) {
            again.register("s", Map.of("host", "s"), 2, List.of(), LOCAL);
            Messages.ScheduleSync after = sync(again);
            assertThat(after.version()).isEqualTo(1);
            assertThat(after.schedules())
                    .extracting(Messages.PinnedSchedule::scheduleId)
                    .containsExactly(UUID.fromString(schedule));

            api().post("/api/v1/schedules/" + schedule + "/disable").then().statusCode(200);
            assertThat(sync(again)).isEqualTo(new Messages.ScheduleSync(2, List.of()));
            api().post("/api/v1/schedules/" + schedule + "/enable").then().statusCode(200);
            Messages.ScheduleSync enabled = sync(again);
            assertThat(enabled.version()).isEqualTo(3);
            assertThat(enabled.schedules()).hasSize(1);
            api().delete("/api/v1/schedules/" + schedule).then().statusCode(204);
            assertThat(sync(again)).isEqualTo(new Messages.ScheduleSync(4, List.of()));
            awaitAcked(agentId, 4);

            // A daemon can be pinned too; deleting its job empties the set.
            String daemonJob = job("pin-sync", "pinned-daemon", Map.of(), 0);
            schedule(daemonJob, pinned(agentId, "daemon"));
            assertThat(sync(again).schedules()).singleElement().satisfies(p -> assertThat(p.kind())
                    .isEqualTo("daemon"));
            Thread.sleep(1_500);
            assertThat(tasks(daemonJob))
                    .as("the leader keeps no pinned daemon alive")
                    .isEmpty();
            api().delete("/api/v1/jobs/" + daemonJob).then().statusCode(204);
            assertThat(sync(again).schedules()).isEmpty();
        }
    }

    static void awaitAcked(UUID agent, long version) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (agentRow(agent).getLong("scheduleAckedVersion") < version && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(agentRow(agent).getLong("scheduleAckedVersion")).isEqualTo(version);
    }

    @Test
    void aLocalFireIsRecordedFromItsFirstUpdateOnceWithItsLines() throws Exception {
        String job = job("pin-fire", "pinned-fire", Map.of("host", "f"), 1);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("pin-fire"))) {
            UUID agentId = agent.register("f", Map.of("host", "f"), 2, List.of(), LOCAL);
            sync(agent);
            UUID schedule = UUID.fromString(schedule(job, pinned(agentId, "cron")));
            sync(agent);
            Instant fireAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
            Messages.InstanceUpdate started = fire(schedule, fireAt, 1, "started", null);
            UUID instance = started.instanceId();

            assertThat(agent.update(started).ok()).isTrue();
            List<Map<String, Object>> t = tasks(job);
            assertThat(t).singleElement().satisfies(task -> {
                assertThat(task.get("trigger")).isEqualTo("pinned");
                assertThat(task.get("scheduleId")).isEqualTo(schedule.toString());
                assertThat(Instant.parse((String) task.get("fireAt"))).isEqualTo(fireAt);
            });
            JsonPath inst = api().get("/api/v1/task-instances/" + instance)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(inst.getString("status")).isEqualTo("running");
            assertThat(inst.getString("agentId")).isEqualTo(agentId.toString());
            assertThat(inst.getInt("attempt")).isEqualTo(1);

            // A second copy of the same fire (another message id) and the same message again: acknowledged, no more.
            assertThat(agent.update(fire(schedule, fireAt, 1, "started", null)).ok())
                    .isTrue();
            UUID frame = agent.send(Kind.INSTANCE_UPDATE, started);
            assertThat(agent.ackOf(frame).ok()).isTrue();
            agent.send(Kind.INSTANCE_UPDATE, started);
            assertThat(agent.update(AgentClient.log(instance, 0, "tick", "tock"))
                            .ok())
                    .isTrue();
            assertThat(agent.update(fire(schedule, fireAt, 1, "failed", 2)).ok())
                    .isTrue();
            // a second copy of its end too (another message id): acknowledged, the instance unchanged
            assertThat(agent.update(fire(schedule, fireAt, 1, "failed", 2)).ok())
                    .isTrue();
            assertThat(tasks(job)).hasSize(1);
            assertThat(api().get("/api/v1/task-instances/" + instance + "/logs")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("lines.line"))
                    .containsExactly("tick", "tock");
            // the agent retries its own fires: the server queued no attempt 2
            Thread.sleep(600);
            assertThat(api().get("/api/v1/task-instances?jobId=" + job)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("items.status"))
                    .containsExactly("failed");

            // The agent's attempt 2 of that fire joins the same task.
            Messages.InstanceUpdate second = fire(schedule, fireAt, 2, "started", null);
            assertThat(agent.update(second).ok()).isTrue();
            assertThat(agent.update(fire(schedule, fireAt, 2, "succeeded", 0)).ok())
                    .isTrue();
            assertThat(tasks(job)).hasSize(1);
            assertThat(api().get("/api/v1/task-instances?jobId=" + job)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("items.status"))
                    .containsExactlyInAnyOrder("failed", "succeeded");

            // An id that is not the one of its schedule, fire time and attempt is refused for good.
            Messages.InstanceUpdate forged = AgentClient.event(UUID.randomUUID(), "started", null)
                    .fired(schedule, fireAt.plusSeconds(5).toEpochMilli(), 1);
            Messages.Ack refused = agent.update(forged);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.retry()).isFalse();
            assertThat(refused.reason()).contains("bad-fire-id");
            assertThat(tasks(job)).hasSize(1);
        }
    }

    @Test
    void aPinMovesOnlyWhileDisabledAndOnceTheOldAgentAcknowledgedAndItsEarlierFiresStillCount() throws Exception {
        String job = job("pin-move", "pinned-move", Map.of(), 0);
        try (AgentClient a = AgentClient.connect(acme.agentToken("pin-move"));
                AgentClient b = AgentClient.connect(acme.agentToken("pin-move"))) {
            UUID aId = a.register("a", Map.of(), 2, List.of(), LOCAL);
            UUID bId = b.register("b", Map.of(), 2, List.of(), LOCAL);
            sync(a);
            sync(b);
            String schedule = schedule(job, pinned(aId, "cron"));
            sync(a);
            Map<String, Object> toB = new HashMap<>();
            toB.put("pinnedAgent", bId.toString());
            api().body(toB)
                    .post("/api/v1/schedules/" + schedule + "/pin")
                    .then()
                    .statusCode(409)
                    .body(containsString("disable"));

            api().post("/api/v1/schedules/" + schedule + "/disable").then().statusCode(200);
            Protocol.Frame disabled = a.next(Kind.SCHEDULE_SYNC);
            // a has not acknowledged the set without it (as if cut off): it may still be firing, no move
            api().body(toB)
                    .post("/api/v1/schedules/" + schedule + "/pin")
                    .then()
                    .statusCode(409)
                    .body(containsString("not acknowledged"));
            a.send(Kind.ACK, new Messages.Ack(disabled.id(), true, false, null));
            awaitAcked(aId, 2);
            Instant beforeMove = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
            api().body(toB)
                    .post("/api/v1/schedules/" + schedule + "/pin")
                    .then()
                    .statusCode(200)
                    .body("pinnedAgent", org.hamcrest.Matchers.equalTo(bId.toString()));
            assertThat(b.next(Kind.SCHEDULE_SYNC, 500))
                    .as("disabled: not in b's set yet")
                    .isNull();

            // a's fire from before the move, delivered late, is recorded; one after it is not a's to make
            UUID sid = UUID.fromString(schedule);
            assertThat(a.update(fire(sid, beforeMove, 1, "started", null)).ok()).isTrue();
            assertThat(a.update(fire(sid, beforeMove, 1, "succeeded", 0)).ok()).isTrue();
            Messages.Ack late = a.update(fire(sid, beforeMove.plusSeconds(60), 1, "started", null));
            assertThat(late.ok()).isFalse();
            assertThat(late.reason()).contains("not-pinned");

            api().post("/api/v1/schedules/" + schedule + "/enable").then().statusCode(200);
            assertThat(sync(b).schedules())
                    .extracting(Messages.PinnedSchedule::scheduleId)
                    .containsExactly(sid);
            // b fires from when it stored the set (the server checks pin and id, not the cron expression)
            Instant bFired = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertThat(b.update(fire(sid, bFired, 1, "started", null)).ok()).isTrue();
            assertThat(b.update(fire(sid, bFired, 1, "succeeded", 0)).ok()).isTrue();

            // back to the server's planner: disabled, b acknowledged, unpinned, enabled → the leader plans it
            api().post("/api/v1/schedules/" + schedule + "/disable").then().statusCode(200);
            sync(b);
            awaitAcked(bId, agentRow(bId).getLong("scheduleVersion"));
            Map<String, Object> none = new HashMap<>();
            none.put("pinnedAgent", null);
            api().body(none)
                    .post("/api/v1/schedules/" + schedule + "/pin")
                    .then()
                    .statusCode(200)
                    .body("pinnedAgent", org.hamcrest.Matchers.nullValue());
            api().post("/api/v1/schedules/" + schedule + "/enable").then().statusCode(200);
            assertThat(b.next(Kind.SCHEDULE_SYNC, 500)).as("no longer b's").isNull();
            long deadline = System.currentTimeMillis() + 5_000;
            while (tasks(job).stream().noneMatch(t -> "cron".equals(t.get("trigger")))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            List<Map<String, Object>> all = tasks(job);
            assertThat(all).filteredOn(t -> "cron".equals(t.get("trigger"))).isNotEmpty();
            // the planner starts after the move: none of its fire times is one an agent fired
            assertThat(all.stream().map(t -> t.get("fireAt")).distinct().count())
                    .isEqualTo(all.size());
            assertThat(all)
                    .filteredOn(t -> "cron".equals(t.get("trigger")))
                    .allMatch(t -> Instant.parse((String) t.get("fireAt")).isAfter(bFired));
            // nothing left for the leader to change under later tests (RunApiTest compares whole tables)
            api().delete("/api/v1/schedules/" + schedule).then().statusCode(204);
        }
    }

    @Test
    void anotherTenantsOrAnUnpinnedAgentCannotReportAFire() throws Exception {
        Iam stranger = Iam.newTenant();
        String job = job("pin-guard", "pinned-guard", Map.of(), 0);
        try (AgentClient pinnedAgent = AgentClient.connect(acme.agentToken("pin-guard"));
                AgentClient neighbour = AgentClient.connect(acme.agentToken("pin-guard"));
                AgentClient foreign = AgentClient.connect(stranger.agentToken("pin-guard"))) {
            UUID agentId = pinnedAgent.register("p", Map.of(), 2, List.of(), LOCAL);
            neighbour.register("n", Map.of(), 2, List.of(), LOCAL);
            foreign.register("p", Map.of(), 2, List.of(), LOCAL);
            UUID schedule = UUID.fromString(schedule(job, pinned(agentId, "cron")));
            Instant fireAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);

            Messages.Ack theirs = foreign.update(fire(schedule, fireAt, 1, "started", null));
            assertThat(theirs.ok()).isFalse();
            assertThat(theirs.retry()).isFalse();
            assertThat(theirs.reason()).contains("unknown-schedule");
            Messages.Ack notPinned = neighbour.update(fire(schedule, fireAt, 1, "started", null));
            assertThat(notPinned.ok()).isFalse();
            assertThat(notPinned.reason()).contains("not-pinned");
            assertThat(tasks(job)).isEmpty();

            assertThat(pinnedAgent
                            .update(fire(schedule, fireAt, 1, "started", null))
                            .ok())
                    .isTrue();
            assertThat(tasks(job)).hasSize(1);
            // ended, so the leader's timeout sweep changes nothing under later tests
            assertThat(pinnedAgent
                            .update(fire(schedule, fireAt, 1, "succeeded", 0))
                            .ok())
                    .isTrue();
        }
    }
}
