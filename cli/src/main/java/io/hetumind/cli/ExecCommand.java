package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code hetumind exec ID}: runs a stored workflow on the studio. Without {@code --wait} it prints the execution id
 * as soon as the run is queued; with it, it waits for the end and exits 0 on success, 1 otherwise.
 */
final class ExecCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("exec", "Run a workflow stored in the studio.")
            .parameter("ID", "workflow id")
            .flag("wait for the execution to finish and print its outcome", "--wait")
            .option("SECONDS", "seconds to wait with --wait (default 300)", "--timeout")
            .option("FILE", "JSON file with the trigger's input items (an array of objects)", "--input")
            .flag("print the studio's answer as JSON", "--json");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String id = in.parameter("ID");
        boolean await = in.flag("--wait");
        Integer timeoutOption = in.integer("--timeout");
        int timeoutSeconds = timeoutOption == null ? 300 : timeoutOption;
        Path input = in.path("--input");
        boolean json = in.flag("--json");
        PrintWriter out = in.out();
        StudioApi api = new StudioApi(StudioSession.current());
        ObjectNode body = StudioSession.JSON.createObjectNode().put("wait", await);
        if (await) {
            body.put("timeoutMs", timeoutSeconds * 1000L);
        }
        if (input != null) {
            body.set("items", StudioSession.JSON.readTree(Files.readString(input)));
        }
        JsonNode r = api.send(
                "POST",
                "/workflows/" + id + "/execute",
                body.toString(),
                "application/json",
                Duration.ofSeconds(timeoutSeconds + 30L));
        if (json) {
            out.println(r.toPrettyString());
        } else if (!await) {
            out.println(r.path("executionId").asText());
        } else {
            out.printf(
                    "%s %s (last node: %s)%n",
                    r.path("executionId").asText(),
                    r.path("status").asText(),
                    r.path("lastNodeExecuted").asText("-"));
            if (r.hasNonNull("error")) {
                out.println("  error: "
                        + r.path("error").path("message").asText(r.path("error").toString()));
            }
        }
        String status = r.path("status").asText("");
        return !await || "success".equals(status) || "waiting".equals(status) ? RunSupport.OK : RunSupport.FAILED;
    }
}
