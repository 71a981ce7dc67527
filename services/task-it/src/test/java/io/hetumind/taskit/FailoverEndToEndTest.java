package io.hetumind.taskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two servers share the work; the leader is killed with {@code kill -9} while a cron job runs every second. The
 * other takes the lease within its TTL, and every planned run happens exactly once.
 */
@Order(3)
class FailoverEndToEndTest {

    @Test
    void theStandbyTakesOverWithinTheLeaseTtlWithNoDuplicateOrLostRun() throws Exception {
        Cluster cluster = Cluster.get();
        Proc one = cluster.servers.get(0);
        String both = cluster.gateway(cluster.servers.get(0)) + "," + cluster.gateway(cluster.servers.get(1));
        cluster.startAgent("fo-1", "failover", Map.of(), both);
        cluster.startAgent(
                "fo-2",
                "failover",
                Map.of(),
                cluster.gateway(cluster.servers.get(1)) + "," + cluster.gateway(cluster.servers.get(0)));
        String job = cluster.createJob(
                        one,
                        Map.of(
                                "name", "heartbeat",
                                "namespace", "failover",
                                "command", "sh",
                                "args", List.of("-c", "echo beat"),
                                "timeoutMs", 30_000))
                .path("id")
                .asText();
        String sched = Api.post(
                        cluster.api(one) + "/jobs/" + job + "/schedules",
                        cluster.ownerToken,
                        Map.of("kind", "cron", "cron", "* * * * * *"))
                .path("id")
                .asText();
        AgentsEndToEndTest.eventually(() -> succeeded(cluster, one, job), n -> n >= 3, Duration.ofSeconds(30));

        JsonNode stats = Api.get(cluster.api(one) + "/system/stats", cluster.ownerToken);
        String leaderId = stats.path("leader").asText();
        Proc leader = null;
        for (JsonNode s : Api.get(cluster.api(one) + "/servers", cluster.ownerToken)) {
            if (s.path("id").asText().equals(leaderId)) {
                String address = s.path("address").asText();
                leader = cluster.servers.stream()
                        .filter(p -> address.endsWith(":" + p.port))
                        .findFirst()
                        .orElseThrow();
            }
        }
        assertThat(leader).isNotNull();
        Proc survivor = leader == cluster.servers.get(0) ? cluster.servers.get(1) : cluster.servers.get(0);

        long killedAt = System.nanoTime();
        leader.kill();
        String newLeader = AgentsEndToEndTest.eventually(
                () -> {
                    Api.Answer a = Api.call("GET", cluster.api(survivor) + "/system/stats", cluster.ownerToken, null);
                    return a.status() == 200 ? a.body().path("leader").asText() : "";
                },
                id -> !id.isEmpty() && !id.equals(leaderId) && !id.equals("null"),
                Duration.ofSeconds(15));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf(
                "failover: new leader %s after %d ms (lease TTL %s)%n",
                newLeader, takeover.toMillis(), Cluster.LEASE_TTL);
        assertThat(takeover).isLessThanOrEqualTo(Cluster.LEASE_TTL.plusSeconds(2));

        // Runs go on under the new leader, then the schedule stops.
        Proc.sleep(5000);
        Instant stoppedAt = Instant.now();
        Api.post(cluster.api(survivor) + "/schedules/" + sched + "/disable", cluster.ownerToken, null);

        // Every task planned before the stop ends with exactly one successful instance.
        Map<Instant, List<JsonNode>> byFire = AgentsEndToEndTest.eventually(
                () -> runsByFireTime(cluster, survivor, job, stoppedAt),
                m -> m.values().stream()
                        .allMatch(l -> l.stream()
                                        .anyMatch(i -> i.path("status").asText().equals("succeeded"))
                                && l.stream().noneMatch(i -> List.of("queued", "dispatched", "running")
                                        .contains(i.path("status").asText()))),
                Duration.ofSeconds(60));
        assertThat(byFire.size()).isGreaterThanOrEqualTo(8);
        List<Instant> fires = new ArrayList<>(byFire.keySet());
        for (int i = 1; i < fires.size(); i++) {
            assertThat(Duration.between(fires.get(i - 1), fires.get(i)))
                    .as("no second skipped")
                    .isEqualTo(Duration.ofSeconds(1));
        }
        byFire.forEach((fire, runs) -> assertThat(runs.stream()
                        .filter(r -> r.path("status").asText().equals("succeeded"))
                        .count())
                .as("successful runs of the task at " + fire)
                .isEqualTo(1));
    }

    static int succeeded(Cluster cluster, Proc server, String job) {
        return Api.get(
                        cluster.api(server) + "/task-instances?status=succeeded&limit=200&jobId=" + job,
                        cluster.ownerToken)
                .path("items")
                .size();
    }

    /** The job's tasks fired before {@code until}, each with its instances. */
    static Map<Instant, List<JsonNode>> runsByFireTime(Cluster cluster, Proc server, String job, Instant until) {
        Map<Instant, List<JsonNode>> out = new TreeMap<>();
        String cursor = null;
        do {
            JsonNode page = Api.get(
                    cluster.api(server) + "/tasks?limit=200&jobId=" + job + (cursor == null ? "" : "&cursor=" + cursor),
                    cluster.ownerToken);
            for (JsonNode t : page.path("items")) {
                Instant fire = Instant.parse(t.path("fireAt").asText());
                if (fire.isBefore(until)) {
                    List<JsonNode> runs = new ArrayList<>();
                    Api.get(cluster.api(server) + "/tasks/" + t.path("id").asText(), cluster.ownerToken)
                            .path("instances")
                            .forEach(runs::add);
                    out.put(fire, runs);
                }
            }
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText();
        } while (cursor != null);
        return out;
    }
}
