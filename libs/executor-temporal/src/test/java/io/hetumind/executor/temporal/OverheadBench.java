package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.util.List;

/**
 * Prints executions/s and overhead per node for a linear workflow of N tag nodes, on the native engine and on the
 * Temporal test service (in-process, one worker). Not a test: run it as a main class (README, "Figures").
 */
public final class OverheadBench {

    public static void main(String[] args) {
        int nodes = 10;
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        StringBuilder json =
                new StringBuilder("{\"name\": \"Bench\", \"nodes\": [{\"name\": \"N0\", \"type\": \"test.trigger\"}");
        StringBuilder conn = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            json.append(",{\"name\": \"N").append(i).append("\", \"type\": \"test.tag\"}");
            conn.append(i > 1 ? "," : "")
                    .append("\"N")
                    .append(i - 1)
                    .append("\": {\"main\": [[{\"node\": \"N")
                    .append(i)
                    .append("\"}]]}");
        }
        json.append("], \"connections\": {").append(conn).append("}}");
        Workflow wf = WorkflowFormat.readJson(json.toString());
        List<Item> input = List.of(Item.of(Json.object().put("n", 1)));

        Engine engine = Engine.builder().registry(TemporalHarness.REGISTRY).build();
        var prepared = engine.prepare(wf);
        for (int i = 0; i < runs; i++) {
            engine.run(
                    prepared,
                    RunRequest.defaults()
                            .sequential()
                            .withExecutionId("warm-" + i)
                            .withInput(input));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            engine.run(
                    prepared,
                    RunRequest.defaults().sequential().withExecutionId("n-" + i).withInput(input));
        }
        double nativeMs = (System.nanoTime() - t0) / 1e6 / runs;

        try (TemporalHarness h = new TemporalHarness()) {
            for (int i = 0; i < 5; i++) {
                h.run(
                        wf,
                        RunRequest.defaults()
                                .sequential()
                                .withExecutionId("tw-" + i)
                                .withInput(input));
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                h.run(
                        wf,
                        RunRequest.defaults()
                                .sequential()
                                .withExecutionId("t-" + i)
                                .withInput(input));
            }
            double temporalMs = (System.nanoTime() - t1) / 1e6 / runs;
            System.out.printf(
                    "linear workflow, %d nodes (+trigger), %d runs each, sequential%n"
                            + "native:   %.2f ms/execution  %.1f executions/s  %.3f ms/node%n"
                            + "temporal: %.2f ms/execution  %.1f executions/s  %.3f ms/node (test service, in-process)%n"
                            + "overhead per node on Temporal: %.3f ms%n",
                    nodes,
                    runs,
                    nativeMs,
                    1000 / nativeMs,
                    nativeMs / (nodes + 1),
                    temporalMs,
                    1000 / temporalMs,
                    temporalMs / (nodes + 1),
                    (temporalMs - nativeMs) / (nodes + 1));
        }
    }
}
