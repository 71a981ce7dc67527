package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/** {@code hetumind logs EXEC_ID}: one execution as the studio recorded it, node by node. */
final class LogsCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("logs", "Show an execution's nodes, timings and errors.")
            .parameter("EXEC_ID", "execution id")
            .flag("print the execution as JSON (n8n's runData shape)", "--json")
            .flag("also print each node's output items", "--items");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String executionId = in.parameter("EXEC_ID");
        boolean json = in.flag("--json");
        boolean items = in.flag("--items");
        PrintWriter out = in.out();
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
