package io.hetumind.taskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A schedule pinned to a real agent process fires from the agent's own wheel: it keeps firing every second while both
 * task-servers are stopped, and once they are back every fire is in {@code task} exactly once, with its log line.
 * Runs before the failover test (which kills a server for good); both servers are started again on their ports here.
 */
@Order(2)
class PinnedScheduleEndToEndTest {
    static final String NS = "pinned";

    @Test
    void aPinnedJobFiresWhileTheServersAreStoppedAndEveryFireIsRecordedOnceWithItsLines() throws Exception {
        Cluster cluster = Cluster.get();
        String both = cluster.gateway(cluster.servers.get(0)) + "," + cluster.gateway(cluster.servers.get(1));
        Path home = Files.createDirectories(Path.of("target", "agents", "pinned-host-" + UUID.randomUUID()));
        Proc agent = cluster.startAgentIn(
                home, "pinned-host", cluster.agentSecret("pinned-host", NS), Map.of("host", "pinned-host"), both);
        String api = cluster.api(cluster.servers.getFirst());
        String agentId = agentId(cluster, api, "pinned-host");
        String job = cluster.createJob(
                        cluster.servers.getFirst(),
                        Map.of(
                                "name",
                                "every-second",
                                "namespace",
                                NS,
                                "command",
                                "sh",
                                "args",
                                List.of("-c", "echo fired $HETUMIND_INSTANCE_ID"),
                                "timeoutMs",
                                30_000,
                                "labels",
                                Map.of("host", "pinned-host")))
                .path("id")
                .asText();
        String schedule = Api.post(
                        api + "/jobs/" + job + "/schedules",
                        cluster.ownerToken,
                        Map.of(
                                "kind", "cron",
                                "cron", "* * * * * *",
                                "timeZone", "Europe/Berlin",
                                "pinnedAgent", agentId))
                .path("id")
                .asText();
        AgentsEndToEndTest.eventually(
                () -> Api.get(api + "/task-instances?status=succeeded&jobId=" + job, cluster.ownerToken)
                        .path("items")
                        .size(),
                n -> n >= 3,
                Duration.ofSeconds(30));

        // Both servers stopped: nothing plans or dispatches, the agent's wheel goes on.
        double firesBefore = localFires(agent);
        cluster.stopServers();
        Instant down = Instant.now();
        Proc.sleep(8_000);
        double firesWhileDown = localFires(agent) - firesBefore;
        Instant up = Instant.now();
        long downSeconds = Duration.between(down, up).toSeconds();
        assertThat(firesWhileDown)
                .as("fires by the agent in the %d s without a server", downSeconds)
                .isGreaterThanOrEqualTo(downSeconds / 2.0);
        cluster.restartServers();
        String back = cluster.api(cluster.servers.getFirst());

        // Stop the schedule: once the agent acknowledged the sync without it, it fires no more.
        Api.post(back + "/schedules/" + schedule + "/disable", cluster.ownerToken, null);
        AgentsEndToEndTest.eventually(
                () -> Api.get(back + "/agents/" + agentId, cluster.ownerToken),
                a -> a.path("scheduleAckedVersion").asLong()
                        == a.path("scheduleVersion").asLong(),
                Duration.ofSeconds(60));
        Path logs = home.resolve("data").resolve("logs");
        Set<String> firedHere = localRuns(logs);
        // Every run the agent made (a local log file each) is delivered and ended on the server.
        List<JsonNode> tasks = AgentsEndToEndTest.eventually(
                () -> tasks(cluster, back, job),
                ts -> ts.size() >= firedHere.size()
                        && instances(cluster, back, job).stream()
                                .allMatch(i -> i.path("status").asText().equals("succeeded")),
                Duration.ofSeconds(90));

        Set<Long> fireTimes = new TreeSet<>();
        for (JsonNode t : tasks) {
            assertThat(t.path("trigger").asText()).isEqualTo("pinned");
            fireTimes.add(Instant.parse(t.path("fireAt").asText()).toEpochMilli());
        }
        assertThat(fireTimes).as("one task per fire time").hasSize(tasks.size());
        List<JsonNode> instances = instances(cluster, back, job);
        assertThat(instances).as("one attempt per fire").hasSize(tasks.size());
        Set<String> recorded =
                instances.stream().map(i -> i.path("id").asText()).collect(Collectors.toSet());
        assertThat(recorded)
                .as("the server has exactly the runs the agent made")
                .isEqualTo(firedHere);
        long duringOutage = fireTimes.stream()
                .filter(t -> t > down.toEpochMilli() && t < up.toEpochMilli())
                .count();
        assertThat(duringOutage)
                .as("fires recorded from the outage (%d s)", downSeconds)
                .isGreaterThanOrEqualTo(downSeconds / 2);
        for (JsonNode i : instances) {
            String id = i.path("id").asText();
            assertThat(logLines(cluster, back, id)).containsExactly("fired " + id);
        }
        System.out.printf(
                "pinned: %d fires recorded once each, %d of them in the %d s both servers were stopped%n",
                tasks.size(), duringOutage, downSeconds);
        agent.close();
    }

    static String agentId(Cluster cluster, String api, String name) {
        for (JsonNode a : Api.get(api + "/agents?limit=200", cluster.ownerToken).path("items")) {
            if (a.path("name").asText().equals(name)) {
                return a.path("id").asText();
            }
        }
        throw new AssertionError("agent " + name + " not registered");
    }

    /** The ids of the runs the agent made: one local log file each ({@code <instance>.log}). */
    static Set<String> localRuns(Path logs) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .collect(Collectors.toSet());
        }
    }

    /** {@code agent_local_fires_total} from the agent's own metrics. */
    static double localFires(Proc agent) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(agent.base() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith("agent_local_fires_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no agent_local_fires_total in the agent's metrics");
    }

    static List<JsonNode> tasks(Cluster cluster, String api, String job) {
        return pages(cluster, api + "/tasks?jobId=" + job);
    }

    static List<JsonNode> instances(Cluster cluster, String api, String job) {
        return pages(cluster, api + "/task-instances?jobId=" + job);
    }

    static List<JsonNode> pages(Cluster cluster, String url) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page =
                    Api.get(url + "&limit=200" + (cursor == null ? "" : "&cursor=" + cursor), cluster.ownerToken);
            page.path("items").forEach(out::add);
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText(null);
        } while (cursor != null);
        return out;
    }

    static List<String> logLines(Cluster cluster, String api, String instance) {
        List<String> out = new ArrayList<>();
        Api.get(api + "/task-instances/" + instance + "/logs?limit=10000", cluster.ownerToken)
                .path("lines")
                .forEach(l -> out.add(l.path("line").asText()));
        return out;
    }
}
