package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hetumind exec ID}: runs a stored workflow on the studio. Without {@code --wait} it prints the execution id
 * as soon as the run is queued; with it, it waits for the end and exits 0 on success, 1 otherwise.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a workflow stored in the studio.")
final class ExecCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "workflow id")
    String id;

    @Option(names = "--wait", description = "wait for the execution to finish and print its outcome")
    boolean await;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait with --wait (default 300)")
    int timeoutSeconds;

    @Option(names = "--input", description = "JSON file with the trigger's input items (an array of objects)")
    Path input;

    @Option(names = "--json", description = "print the studio's answer as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
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
