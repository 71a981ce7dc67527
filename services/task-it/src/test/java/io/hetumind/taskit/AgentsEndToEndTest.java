package io.hetumind.taskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Real agents (child processes) running real commands for real task-servers on real PostgreSQL. */
@Order(1)
class AgentsEndToEndTest {
    static Cluster cluster;
    static Proc server;
    static Proc plain;
    static Proc gpu;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.get();
        server = cluster.servers.getFirst();
        String both = cluster.gateway(cluster.servers.get(0)) + "," + cluster.gateway(cluster.servers.get(1));
        plain = cluster.startAgent("plain", "e2e", Map.of("os", "linux"), both);
        gpu = cluster.startAgent("gpu", "e2e", Map.of("os", "linux", "gpu", "true"), both);
    }

    static <T> T eventually(Supplier<T> probe, Predicate<T> ok, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = probe.get();
        while (!ok.test(last) && System.nanoTime() < deadline) {
            Proc.sleep(200);
            last = probe.get();
        }
        assertThat(ok.test(last))
                .as("condition within " + within + "; last: " + last)
                .isTrue();
        return last;
    }

    static String job(String name, String script, long timeoutMs, Map<String, String> labels) {
        return cluster.createJob(
                        server,
                        Map.of(
                                "name",
                                name,
                                "namespace",
                                "e2e",
                                "command",
                                "sh",
                                "args",
                                List.of("-c", script),
                                "env",
                                Map.of("GREETING", "hello from " + name),
                                "timeoutMs",
                                timeoutMs,
                                "labels",
                                labels))
                .path("id")
                .asText();
    }

    static String trigger(String job) {
        return Api.post(cluster.api(server) + "/jobs/" + job + "/trigger", cluster.ownerToken, null)
                .path("id")
                .asText();
    }

    static JsonNode finished(String instance, Duration within) {
        return eventually(
                () -> cluster.instance(server, instance),
                i -> List.of("succeeded", "failed", "timed_out", "canceled", "lost")
                        .contains(i.path("status").asText()),
                within);
    }

    static List<String> logLines(String instance) {
        List<String> out = new ArrayList<>();
        Api.get(cluster.api(server) + "/task-instances/" + instance + "/logs?limit=10000", cluster.ownerToken)
                .path("lines")
                .forEach(l -> out.add(l.path("line").asText()));
        return out;
    }

    @Test
    void aCommandRunsWithItsEnvironmentAndStreamsItsOutput() {
        String job = job("hello", "echo \"$GREETING\"; echo oops >&2; exit 3", 30_000, Map.of());
        String inst = trigger(job);
        JsonNode done = finished(inst, Duration.ofSeconds(30));
        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("exitCode").asInt()).isEqualTo(3);
        assertThat(logLines(inst)).containsExactlyInAnyOrder("hello from hello", "oops");
    }

    @Test
    void pollModeDispatchesOnlyToAgentsWithTheLabels() {
        String job = job("gpu-only", "echo on-gpu", 30_000, Map.of("gpu", "true"));
        String gpuId = agentId("gpu");
        for (int i = 0; i < 4; i++) {
            JsonNode done = finished(trigger(job), Duration.ofSeconds(30));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("agentId").asText()).isEqualTo(gpuId);
        }
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

    @Test
    void aCronJobRunsOnScheduleOnARealAgent() {
        String job = job("cron", "echo tick", 30_000, Map.of());
        Instant start = Instant.now();
        Api.post(
                cluster.api(server) + "/jobs/" + job + "/schedules",
                cluster.ownerToken,
                Map.of("kind", "cron", "cron", "*/2 * * * * *", "timeZone", "Europe/Berlin"));
        JsonNode runs = eventually(
                () -> Api.get(cluster.api(server) + "/task-instances?status=succeeded&jobId=" + job, cluster.ownerToken)
                        .path("items"),
                items -> items.size() >= 3,
                Duration.ofSeconds(30));
        String sched = Api.get(cluster.api(server) + "/jobs/" + job + "/schedules", cluster.ownerToken)
                .path(0)
                .path("id")
                .asText();
        Api.post(cluster.api(server) + "/schedules/" + sched + "/disable", cluster.ownerToken, null);
        for (JsonNode run : runs) {
            JsonNode task =
                    Api.get(cluster.api(server) + "/tasks/" + run.path("taskId").asText(), cluster.ownerToken);
            Instant fire = Instant.parse(task.path("fireAt").asText());
            assertThat(fire).isAfter(start.minusSeconds(1));
            assertThat(fire.getEpochSecond() % 2).as("every even second").isZero();
            assertThat(Duration.between(
                                    fire, Instant.parse(run.path("startedAt").asText()))
                            .toMillis())
                    .as("started soon after its fire time")
                    .isBetween(0L, 2000L);
            assertThat(logLines(run.path("id").asText())).containsExactly("tick");
        }
    }

    @Test
    void aTimedOutTaskIsKilledWithItsWholeProcessTree() {
        String marker = "31" + (System.nanoTime() % 1000) + ".7";
        String job =
                job("hang", "sleep " + marker + " & sh -c 'sleep " + marker + "' & echo started; wait", 1500, Map.of());
        String inst = trigger(job);
        eventually(() -> sleepers(marker), n -> n >= 2, Duration.ofSeconds(20));
        JsonNode done = finished(inst, Duration.ofSeconds(30));
        assertThat(done.path("status").asText()).isEqualTo("timed_out");
        assertThat(logLines(inst)).containsExactly("started");
        eventually(() -> sleepers(marker), n -> n == 0, Duration.ofSeconds(5));
    }

    /** Processes still running {@code sleep <marker>} anywhere on this machine. */
    static long sleepers(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep " + marker))
                .count();
    }

    @Test
    void anAgentCutOffMidTaskDeliversEveryLineAndItsFinalStatusAfterReconnecting() throws Exception {
        try (TcpProxy link = new TcpProxy(server.port)) {
            Proc cut = cluster.startAgent("cut", "e2e-cut", Map.of(), "ws://127.0.0.1:" + link.port() + "/ws/agent");
            String job = cluster.createJob(
                            server,
                            Map.of(
                                    "name", "chatty",
                                    "namespace", "e2e-cut",
                                    "command", "sh",
                                    "args",
                                            List.of(
                                                    "-c",
                                                    "i=1; while [ $i -le 40 ]; do echo line-$i; i=$((i+1)); sleep 0.1; done"),
                                    "timeoutMs", 60_000))
                    .path("id")
                    .asText();
            String inst = trigger(job);
            eventually(() -> logLines(inst).size(), n -> n >= 3, Duration.ofSeconds(20));
            link.cut();
            Proc.sleep(3000);
            assertThat(cluster.instance(server, inst).path("status").asText()).isEqualTo("running");
            link.restore();
            JsonNode done = finished(inst, Duration.ofSeconds(40));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                expected.add("line-" + i);
            }
            assertThat(logLines(inst)).containsExactlyElementsOf(expected);
            assertThat(cut.process.isAlive()).isTrue();
        }
    }

    @Test
    void theSystemViewShowsServersLeaderAndAgents() {
        JsonNode servers = Api.get(cluster.api(server) + "/servers", cluster.ownerToken);
        assertThat(servers.size()).isEqualTo(2);
        long leaders = 0;
        for (JsonNode s : servers) {
            leaders += s.path("leader").asBoolean() ? 1 : 0;
        }
        assertThat(leaders).isEqualTo(1);
        JsonNode stats = Api.get(cluster.api(server) + "/system/stats", cluster.ownerToken);
        assertThat(stats.path("agents").path("online").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(UUID.fromString(stats.path("leader").asText())).isNotNull();
    }
}
