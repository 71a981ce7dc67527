package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind logs EXEC_ID}: one execution as the studio recorded it, node by node. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show an execution's nodes, timings and errors.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "EXEC_ID", description = "execution id")
    String executionId;

    @Option(names = "--json", description = "print the execution as JSON (n8n's runData shape)")
    boolean json;

    @Option(names = "--items", description = "also print each node's output items")
    boolean items;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode e = new StudioApi(StudioSession.current()).get("/executions/" + executionId);
        if (json) {
            out.println(e.toPrettyString());
            return RunSupport.OK;
        }
        out.printf(
                "execution %s  workflow %s  %s  mode %s%n",
                e.path("executionId").asText(e.path("id").asText()),
                e.path("workflowId").asText("-"),
                e.path("status").asText(),
                e.path("mode").asText("-"));
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("runData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> node = it.next();
            for (JsonNode run : node.getValue()) {
                int count = 0;
                for (JsonNode port : run.path("data").path("main")) {
                    count += port.size();
                }
                out.printf(
                        "  %-30s %-8s %6d ms  %d item(s)%n",
                        node.getKey(),
                        run.path("executionStatus").asText(),
                        run.path("executionTime").asLong(),
                        count);
                if (run.hasNonNull("error")) {
                    out.println("      error: "
                            + run.path("error")
                                    .path("message")
                                    .asText(run.path("error").toString()));
                }
                if (items) {
                    for (JsonNode port : run.path("data").path("main")) {
                        for (JsonNode item : port) {
                            out.println("      " + item.path("json"));
                        }
                    }
                }
            }
        }
        if (e.hasNonNull("error")) {
            out.println("error: "
                    + e.path("error").path("message").asText(e.path("error").toString()));
        }
        return RunSupport.OK;
    }
}
