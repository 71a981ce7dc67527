package io.hetumind.studio.statistics.rest;

import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.statistics.StatisticsRepository;
import io.hetumind.studio.statistics.StatisticsService;
import io.hetumind.studio.workflow.WorkflowService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/workflows/{id}/statistics?window=1h|24h|7d|30d} (or {@code ?from=&to=}): a workflow's execution
 * statistics. Needs {@code workflow:read}; another tenant's workflow is a 404.
 */
@Path("/api/v1/workflows/{id}/statistics")
@Produces(MediaType.APPLICATION_JSON)
public class StatisticsResource {
    private final StatisticsService statistics;
    private final WorkflowService workflows;
    private final Caller caller;

    public StatisticsResource(StatisticsService statistics, WorkflowService workflows, Caller caller) {
        this.statistics = statistics;
        this.workflows = workflows;
        this.caller = caller;
    }

    /** Durations in milliseconds; rates per second over the window. */
    public record DurationView(Double p50, Double p95, Double p99, Double avg) {}

    public record ErrorView(String message, long count) {}

    public record NodeView(
            String node,
            String type,
            long executions,
            long runs,
            long errors,
            long items,
            double itemsPerSecond,
            DurationView durationMs,
            List<ErrorView> topErrors) {}

    public record StatisticsView(
            UUID workflowId,
            Instant from,
            Instant to,
            long executions,
            double executionsPerSecond,
            Map<String, Long> byStatus,
            DurationView durationMs,
            long items,
            double itemsPerSecond,
            List<ErrorView> topErrors,
            List<NodeView> nodes) {}

    @GET
    public StatisticsView get(
            @PathParam("id") String id,
            @QueryParam("window") String window,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        caller.require(Permission.WORKFLOW_READ);
        UUID wid = id(id);
        workflows.get(caller.tenantId(), wid); // 404 for another tenant's (or no) workflow
        StatisticsService.Window w = statistics.window(window, from, to);
        StatisticsService.Figures f = statistics.of(caller.tenantId(), wid, w);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        f.byStatus().forEach(s -> byStatus.put(s.status(), s.count()));
        List<ErrorView> runErrors = new ArrayList<>();
        Map<String, List<ErrorView>> nodeErrors = new LinkedHashMap<>();
        for (StatisticsRepository.MessageCount m : f.errors()) {
            if (m.node() == null) {
                runErrors.add(new ErrorView(m.message(), m.count()));
            } else {
                nodeErrors.computeIfAbsent(m.node(), k -> new ArrayList<>()).add(new ErrorView(m.message(), m.count()));
            }
        }
        double seconds = w.seconds();
        List<NodeView> nodes = f.nodes().stream()
                .map(n -> new NodeView(
                        n.node(),
                        n.type(),
                        n.executions(),
                        n.runs(),
                        n.errors(),
                        n.items(),
                        n.items() / seconds,
                        new DurationView(n.p50(), n.p95(), n.p99(), null),
                        nodeErrors.getOrDefault(n.node(), List.of())))
                .toList();
        StatisticsRepository.Totals t = f.totals();
        return new StatisticsView(
                wid,
                w.from(),
                w.to(),
                t.executions(),
                t.executions() / seconds,
                byStatus,
                new DurationView(t.p50(), t.p95(), t.p99(), t.avg()),
                t.items(),
                t.items() / seconds,
                runErrors,
                nodes);
    }

    private static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("workflow " + raw);
        }
    }
}
