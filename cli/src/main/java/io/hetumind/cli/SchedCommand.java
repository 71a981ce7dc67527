package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code hetumind sched status|check}: the job scheduler as an operator sees it, through a task-server's REST API
 * (servers and leader, agents, queue), and the consistency check that finds and repairs instances stuck on dead
 * agents.
 */
final class SchedCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "sched", "Inspect the job scheduler: status (servers, leader, agents, queue) or check [--repair].")
            .parameters("ACTION", "status (default) or check", 0, 1, "status")
            .option(
                    "URL",
                    "task-server base URL (HETUMIND_SCHED_URL)",
                    CommandSpec.env("HETUMIND_SCHED_URL", "http://127.0.0.1:8082"),
                    "--server")
            .option(
                    "TOKEN",
                    "access token with job:read (job:write to repair) (HETUMIND_TOKEN)",
                    CommandSpec.env("HETUMIND_TOKEN", null),
                    "--token")
            .flag("with check: re-queue the stuck instances it finds", "--repair");

    private static final ObjectMapper JSON = new ObjectMapper();

    private String token;
    private boolean repair;

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String action = in.parameter("ACTION");
        String server = in.string("--server");
        token = in.string("--token");
        repair = in.flag("--repair");
        PrintWriter out = in.out();
        if (token == null || token.isBlank()) {
            in.err().println("hetumind: set HETUMIND_TOKEN (or --token) to an access token");
            return RunSupport.FAILED;
        }
        String api = server.replaceAll("/+$", "") + "/api/v1";
        switch (action) {
            case "status" -> status(api, out);
            case "check" -> check(api, out);
            default -> {
                in.err().println("hetumind: unknown action '" + action + "' (status or check)");
                return RunSupport.FAILED;
            }
        }
        return RunSupport.OK;
    }

    private void status(String api, PrintWriter out) throws IOException, InterruptedException {
        JsonNode stats = call("GET", api + "/system/stats");
        out.printf("leader: %s (fencing token %s)%n", text(stats.path("leader")), text(stats.path("fencingToken")));
        out.println("servers:");
        for (JsonNode s : call("GET", api + "/servers")) {
            out.printf(
                    "  %s %-22s weight %-4s %s last seen %s namespaces %s%n",
                    s.path("id").asText(),
                    s.path("address").asText(),
                    s.path("weight").asText(),
                    s.path("leader").asBoolean() ? "LEADER " : "standby",
                    s.path("heartbeatAt").asText(),
                    s.path("namespaces"));
        }
        out.println("agents:");
        for (JsonNode a : call("GET", api + "/agents?limit=200").path("items")) {
            out.printf(
                    "  %-24s %-12s %-8s %-9s running %s/%s labels %s last heartbeat %s%n",
                    a.path("name").asText(),
                    a.path("namespace").asText(),
                    a.path("state").asText(),
                    a.path("mode").asText(),
                    a.path("running").asText(),
                    a.path("maxConcurrency").asText(),
                    a.path("labels"),
                    a.path("lastHeartbeatAt").asText());
        }
        out.printf("instances by status: %s%n", stats.path("instances"));
        out.printf(
                "queue (queued): %s; dead letters: %s%n",
                stats.path("instances").path("queued").asLong(0), text(stats.path("deadLetters")));
    }

    private void check(String api, PrintWriter out) throws IOException, InterruptedException {
        JsonNode r = call("POST", api + "/system/consistency-check?repair=" + repair);
        out.printf("stuck on dead agents: %s%n", r.path("stuckOnDeadAgents"));
        out.printf("stuck on unknown agents: %s%n", r.path("stuckOnUnknownAgents"));
        out.println(
                repair
                        ? "repaired: declared lost and re-queued per their jobs' policies"
                        : "(add --repair to re-queue them)");
    }

    private JsonNode call(String method, String url) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "none" : n.asText();
    }
}
