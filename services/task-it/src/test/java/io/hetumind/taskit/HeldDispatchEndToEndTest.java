package io.hetumind.taskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code held_dispatch} with the real agent: the server sends a run as soon as it has claimed it, ahead of its ready
 * time with {@code not_before}, and the agent process starts it at that instant by its own clock. Each test has its
 * own namespace and agent, so no other agent takes its runs.
 */
@Order(1)
class HeldDispatchEndToEndTest {
    /**
     * A behaviour bound, not a benchmark: the run starts at its time by the agent's clock, never before it (exact) and
     * not seconds after it. How soon after is a figure of bench/sched: on the shared 2-core machine the agent measured
     * 59-114 ms at load average 14-16 and 357 ms at load average 16 (2026-12-04), so a tighter bound here would only
     * measure the machine's load (the guide: no tight timing assertions).
     */
    static final long ON_TIME_MS = 2000;

    static Cluster cluster;
    static Proc server;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
        server = cluster.servers.getFirst();
    }

    /** A job in {@code namespace} that leaves a file {@code ran-<attempt>} in {@code marks} and says so. */
    static String job(String namespace, Path marks) {
        return cluster.createJob(
                        server,
                        Map.of(
                                "name",
                                "held-" + namespace,
                                "namespace",
                                namespace,
                                "command",
                                "sh",
                                "args",
                                List.of(
                                        "-c",
                                        "touch \"" + marks.toAbsolutePath() + "/ran-$HETUMIND_ATTEMPT\"; echo ran"),
                                "timeoutMs",
                                30_000))
                .path("id")
                .asText();
    }

    /** A one-shot {@code time} schedule {@code ahead} from now, at a whole millisecond (the agent's resolution). */
    static Instant runIn(String job, Duration ahead) {
        Instant runAt = Instant.now().plus(ahead).truncatedTo(ChronoUnit.MILLIS);
        Api.post(
                cluster.api(server) + "/jobs/" + job + "/schedules",
                cluster.ownerToken,
                Map.of("kind", "time", "runAt", runAt.toString()));
        return runAt;
    }

    static List<JsonNode> attempts(String job) {
        List<JsonNode> out = new ArrayList<>();
        Api.get(cluster.api(server) + "/task-instances?jobId=" + job, cluster.ownerToken)
                .path("items")
                .forEach(out::add);
        out.sort((a, b) ->
                Integer.compare(a.path("attempt").asInt(), b.path("attempt").asInt()));
        return out;
    }

    /** The first attempt once it is dispatched, that is claimed and sent to the agent, which holds it. */
    static JsonNode held(String job) {
        return AgentsEndToEndTest.eventually(
                        () -> attempts(job),
                        l -> l.size() == 1
                                && "dispatched"
                                        .equals(l.getFirst().path("status").asText()),
                        Duration.ofSeconds(20))
                .getFirst();
    }

    static JsonNode finished(String instance, Duration within) {
        return AgentsEndToEndTest.eventually(
                () -> cluster.instance(server, instance),
                i -> List.of("succeeded", "failed", "timed_out", "canceled", "lost")
                        .contains(i.path("status").asText()),
                within);
    }

    static List<String> logLines(String instance) {
        List<String> out = new ArrayList<>();
        Api.get(cluster.api(server) + "/task-instances/" + instance + "/logs?limit=100", cluster.ownerToken)
                .path("lines")
                .forEach(l -> out.add(l.path("line").asText()));
        return out;
    }

    static String agentId(String name) {
        for (JsonNode a :
                Api.get(cluster.api(server) + "/agents", cluster.ownerToken).path("items")) {
            if (a.path("name").asText().equals(name)) {
                return a.path("id").asText();
            }
        }
        throw new AssertionError("agent " + name + " not registered");
    }

    /** Runs {@code agent} holds on its timer now, from its {@code /q/metrics} ({@code agent_runs_held}). */
    static int heldOn(Proc agent) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent.base() + "/q/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "(?m)^agent_runs_held(?:\\{[^}]*\\})? ([0-9.]+)$")
                    .matcher(r.body());
            return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the agent process holds the dispatch (received, acknowledged, on its timer). */
    static void awaitHeld(Proc agent) {
        AgentsEndToEndTest.eventually(() -> heldOn(agent), n -> n == 1, Duration.ofSeconds(10));
    }

    static Path marks(String name) throws Exception {
        return Files.createDirectories(Path.of("target", "marks", name + "-" + UUID.randomUUID()));
    }

    @Test
    void aTimeScheduleStartsAtItsTimeByTheAgentsClock() throws Exception {
        Proc agent = cluster.startAgent("holder", "e2e-held", Map.of(), cluster.gateway(server));
        String job = job("e2e-held", marks("on-time"));
        Instant runAt = runIn(job, Duration.ofSeconds(6));
        JsonNode held = held(job);
        awaitHeld(agent);
        assertThat(Instant.now()).as("held by the agent ahead of its time").isBefore(runAt);
        assertThat(held.path("startedAt").isNull()).isTrue();

        JsonNode done = finished(held.path("id").asText(), Duration.ofSeconds(30));
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("agentId").asText()).isEqualTo(agentId("holder"));
        long lateMs = Duration.between(
                        runAt, Instant.parse(done.path("startedAt").asText()))
                .toMillis();
        System.out.printf("held dispatch: started %d ms after its time (agent's clock)%n", lateMs);
        assertThat(lateMs)
                .as("started by the agent's timer at its ready time (ms after it)")
                .isBetween(0L, ON_TIME_MS);
        assertThat(attempts(job)).hasSize(1);
        agent.close();
    }

    @Test
    void aCancelWhileHeldEndsTheRunAtOnceAndItNeverStarts() throws Exception {
        Proc agent = cluster.startAgent("holder-cancel", "e2e-held-cancel", Map.of(), cluster.gateway(server));
        Path marks = marks("cancel");
        String job = job("e2e-held-cancel", marks);
        Instant runAt = runIn(job, Duration.ofSeconds(10));
        String id = held(job).path("id").asText();
        awaitHeld(agent);
        Api.post(cluster.api(server) + "/task-instances/" + id + "/cancel", cluster.ownerToken, null);
        // The run is held only the dispatch lead (2 s here) before its time; on a machine so loaded that the cancel
        // was accepted with less than a second left, what follows would measure the load, not the agent.
        Duration left = Duration.between(Instant.now(), runAt);
        Assumptions.assumeTrue(
                left.compareTo(Duration.ofSeconds(1)) > 0,
                () -> "the cancel was accepted only " + left.toMillis() + " ms before the run's time");

        JsonNode done = finished(id, Duration.ofSeconds(20));
        assertThat(Instant.now()).as("ended before its time, not at it").isBefore(runAt);
        assertThat(done.path("status").asText()).isEqualTo("canceled");
        assertThat(done.path("startedAt").isNull()).as("never started").isTrue();
        // Past its time: the agent's timer must not start it anyway.
        Proc.sleep(Math.max(0, Duration.between(Instant.now(), runAt).toMillis()) + 1500);
        try (var files = Files.list(marks)) {
            assertThat(files.toList()).as("the command never ran").isEmpty();
        }
        assertThat(attempts(job)).hasSize(1);
        assertThat(logLines(id)).isEmpty();
        agent.close();
    }

    @Test
    void anAgentKilledWhileHoldingLosesTheRunWhichRunsOnceAfterItsRestart() throws Exception {
        String name = "holder-killed";
        String secret = cluster.agentSecret(name, "e2e-held-kill");
        Path dir = Files.createDirectories(Path.of("target", "agents", name + "-" + UUID.randomUUID()));
        Proc agent = cluster.startAgentIn(dir, name, secret, Map.of(), cluster.gateway(server));
        Path marks = marks("kill");
        String job = job("e2e-held-kill", marks);
        runIn(job, Duration.ofSeconds(8));
        String first = held(job).path("id").asText();
        awaitHeld(agent);
        agent.kill();

        // The same agent again (same name and data). The held run is lost and re-queued either held-release-after
        // after the close or, if the agent is back sooner, because its register does not list it.
        Proc again = cluster.startAgentIn(dir, name, secret, Map.of(), cluster.gateway(server));
        List<JsonNode> runs = AgentsEndToEndTest.eventually(
                () -> attempts(job),
                l -> l.size() == 2 && "succeeded".equals(l.get(1).path("status").asText()),
                Duration.ofSeconds(60));
        assertThat(runs.getFirst().path("id").asText()).isEqualTo(first);
        assertThat(runs.getFirst().path("status").asText()).isEqualTo("lost");
        assertThat(runs.getFirst().path("startedAt").isNull()).isTrue();
        assertThat(runs.get(1).path("attempt").asInt()).isEqualTo(2);
        try (var files = Files.list(marks)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("the killed agent never ran it; the re-queued attempt ran once")
                    .containsExactly("ran-2");
        }
        again.close();
    }

    /** The lost attempt's message when the server released it for a closed connection (held-release-after). */
    static final String RELEASED = "the agent's connection closed while it held the run";

    @Test
    void anAgentCutOffWhileHoldingDropsTheRunWhichRunsOnceAsTheNextAttempt() throws Exception {
        try (TcpProxy link = new TcpProxy(server.port)) {
            Proc agent = cluster.startAgent(
                    "holder-cut", "e2e-held-cut", Map.of(), "ws://127.0.0.1:" + link.port() + "/ws/agent");
            Path marks = marks("cut");
            String job = job("e2e-held-cut", marks);
            Instant runAt = runIn(job, Duration.ofSeconds(8));
            String id = held(job).path("id").asText();
            awaitHeld(agent);
            link.cut();
            // The run's time passes while the server cannot be reached: a held run is bound to its link, so the agent
            // does not start it (the server may already have given it to another agent).
            Proc.sleep(Duration.between(Instant.now(), runAt).toMillis() + 2000);
            assertThat(Files.exists(marks.resolve("ran-1")))
                    .as("not started by an agent cut off from the server")
                    .isFalse();
            link.restore();

            List<JsonNode> runs = AgentsEndToEndTest.eventually(
                    () -> attempts(job),
                    l -> l.size() == 2
                            && "succeeded".equals(l.get(1).path("status").asText()),
                    Duration.ofSeconds(60));
            assertThat(runs.getFirst().path("id").asText()).isEqualTo(id);
            assertThat(runs.getFirst().path("status").asText()).isEqualTo("lost");
            assertThat(runs.getFirst().path("startedAt").isNull()).isTrue();
            assertThat(runs.get(1).path("agentId").asText()).isEqualTo(agentId("holder-cut"));
            try (var files = Files.list(marks)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("run once, as attempt 2")
                        .containsExactly("ran-2");
            }
            agent.close();
        }
    }

    @Test
    void runsHeldByAnAgentKilledBeforeTheirTimeAreTakenPromptlyByAnotherAgent() throws Exception {
        String ns = "e2e-held-takeover";
        Proc first = cluster.startAgent("takeover-a", ns, Map.of(), cluster.gateway(server));
        Proc second = cluster.startAgent("takeover-b", ns, Map.of(), cluster.gateway(server));
        Map<String, Proc> byId = Map.of(agentId("takeover-a"), first, agentId("takeover-b"), second);
        Path marks = marks("takeover");
        String job = job(ns, marks);
        Instant runAt = runIn(job, Duration.ofSeconds(8));
        JsonNode held = held(job);
        String holderId = held.path("agentId").asText();
        Proc holder = byId.get(holderId);
        awaitHeld(holder);
        Instant killedAt = Instant.now();
        holder.kill();
        assertThat(killedAt).as("killed while holding, before the run's time").isBefore(runAt);

        // Its connection closed with it; it does not come back, so held-release-after (3 s) later, not after
        // dead-after (20 s here), the attempt is lost and the other agent, waiting for work, runs attempt 2 at once:
        // the run's time passed while a dead agent held it.
        List<JsonNode> runs = AgentsEndToEndTest.eventually(
                () -> attempts(job),
                l -> l.size() == 2 && "succeeded".equals(l.get(1).path("status").asText()),
                Duration.ofSeconds(60));
        JsonNode lost = runs.getFirst();
        JsonNode taken = runs.get(1);
        assertThat(lost.path("status").asText()).isEqualTo("lost");
        assertThat(lost.path("startedAt").isNull()).isTrue();
        assertThat(lost.path("message").asText())
                .as("released for the closed connection, not by dead-after")
                .startsWith(RELEASED);
        assertThat(taken.path("attempt").asInt()).isEqualTo(2);
        assertThat(taken.path("agentId").asText()).isNotEqualTo(holderId).isIn(byId.keySet());
        long lateMs = Duration.between(
                        runAt, Instant.parse(taken.path("startedAt").asText()))
                .toMillis();
        System.out.printf(
                "held run of a killed agent: attempt 2 started %d ms after the run's time on the other agent%n",
                lateMs);
        assertThat(Instant.parse(taken.path("startedAt").asText()))
                .as("re-dispatched well before dead-after (20 s) would have let it go")
                .isBefore(killedAt.plusSeconds(15));
        try (var files = Files.list(marks)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("the killed agent never ran it; the other ran it once")
                    .containsExactly("ran-2");
        }
        first.close();
        second.close();
    }
}
