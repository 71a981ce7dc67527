package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.Canceled;
import io.hetumind.core.engine.ExecutionEvent.Continued;
import io.hetumind.core.engine.ExecutionEvent.Crashed;
import io.hetumind.core.engine.ExecutionEvent.Finished;
import io.hetumind.core.engine.ExecutionEvent.NodeDeferred;
import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeStarted;
import io.hetumind.core.engine.ExecutionEvent.NodeWaiting;
import io.hetumind.core.engine.ExecutionEvent.Paused;
import io.hetumind.core.engine.ExecutionEvent.Resumed;
import io.hetumind.core.engine.ExecutionEvent.Started;
import io.hetumind.core.engine.NodeCost;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunEvent;
import io.hetumind.core.engine.RunEvent.Kind;
import io.hetumind.core.engine.SubRun;
import io.hetumind.core.engine.Task;
import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an applied event and the state after it into the {@link RunEvent}s listeners see. */
final class RunEvents {

    private RunEvents() {}

    static List<RunEvent> of(MachineState s, ExecutionEvent event, Task task) {
        List<RunEvent> out = new ArrayList<>(2);
        switch (event) {
            case Started e -> out.add(execution(s, Kind.EXECUTION_STARTED, e.at(), null, null));
            case NodeStarted e ->
                out.add(node(
                        s, Kind.NODE_STARTED, e.at(), e.node(), runs(s, e.node()), task, List.of(), e.at(), 0, null));
            case NodeFinished e ->
                out.add(withSubNodes(
                        withCost(
                                node(
                                        s,
                                        Kind.NODE_FINISHED,
                                        e.at(),
                                        e.node(),
                                        runs(s, e.node()) - 1,
                                        task,
                                        counts(e.outputs()),
                                        e.startTime(),
                                        e.executionTimeMs(),
                                        e.error()),
                                e.cost()),
                        e.subRuns()));
            case NodeFailed e -> {
                boolean retry = e.retryAt() >= 0;
                RunEvent r = node(
                        s,
                        retry ? Kind.NODE_RETRYING : Kind.NODE_FAILED,
                        e.at(),
                        e.node(),
                        retry ? runs(s, e.node()) : runs(s, e.node()) - 1,
                        task,
                        List.of(),
                        e.startTime(),
                        e.executionTimeMs(),
                        e.error());
                r = withCost(r, e.cost());
                out.add(retry ? withWake(r, e.retryAt()) : withSubNodes(r, e.subRuns()));
                if (s.status().terminal()) {
                    out.add(execution(s, Kind.EXECUTION_FINISHED, e.at(), null, s.error()));
                }
            }
            case NodeWaiting e ->
                out.add(withWake(
                        node(
                                s,
                                Kind.NODE_WAITING,
                                e.at(),
                                e.node(),
                                runs(s, e.node()),
                                task,
                                List.of(),
                                e.startTime(),
                                0,
                                null),
                        e.until()));
            case NodeDeferred e ->
                out.add(withWake(
                        node(
                                s,
                                Kind.NODE_DEFERRED,
                                e.at(),
                                e.node(),
                                runs(s, e.node()),
                                task,
                                List.of(),
                                e.at(),
                                0,
                                null),
                        e.notBefore() == Long.MAX_VALUE ? -1 : e.notBefore()));
            case Resumed e -> {
                List<NodeRun> runs = s.runs(e.node());
                NodeRun run = runs.isEmpty() ? null : runs.getLast();
                out.add(node(
                        s,
                        Kind.NODE_RESUMED,
                        e.at(),
                        e.node(),
                        runs.size() - 1,
                        task,
                        run == null ? List.of() : counts(run.outputs()),
                        run == null ? e.at() : run.startTime(),
                        run == null ? 0 : run.executionTimeMs(),
                        null));
            }
            case Paused e -> out.add(execution(s, Kind.EXECUTION_WAITING, e.at(), e.reason(), null));
            case ExecutionEvent.BreakHit e ->
                out.add(execution(s, Kind.EXECUTION_WAITING, e.at(), MachineState.BREAKPOINT, null));
            case Continued e -> out.add(execution(s, Kind.EXECUTION_RESUMED, e.at(), null, null));
            case Crashed e -> out.add(execution(s, Kind.EXECUTION_CRASHED, e.at(), null, null));
            case Canceled e -> out.add(execution(s, Kind.EXECUTION_FINISHED, e.at(), e.reason(), s.error()));
            case Finished e -> out.add(execution(s, Kind.EXECUTION_FINISHED, e.at(), null, null));
        }
        return out;
    }

    private static int runs(MachineState s, String node) {
        return s.runs(node).size();
    }

    private static List<Integer> counts(List<List<Item>> outputs) {
        List<Integer> counts = new ArrayList<>(outputs.size());
        for (List<Item> port : outputs) {
            counts.add(port.size());
        }
        return counts;
    }

    private static RunEvent execution(MachineState s, Kind kind, long at, String reason, ExecutionError error) {
        return new RunEvent(
                kind,
                s.executionId(),
                s.workflowId(),
                s.seq(),
                at,
                null,
                -1,
                0,
                List.of(),
                0,
                0,
                error,
                s.status(),
                reason,
                s.wakeAt(),
                null);
    }

    private static RunEvent node(
            MachineState s,
            Kind kind,
            long at,
            String node,
            int runIndex,
            Task task,
            List<Integer> counts,
            long startTime,
            long executionTimeMs,
            ExecutionError error) {
        return new RunEvent(
                kind,
                s.executionId(),
                s.workflowId(),
                s.seq(),
                at,
                node,
                runIndex,
                task == null ? 1 : task.tryNumber(),
                counts,
                startTime,
                executionTimeMs,
                error,
                s.status(),
                null,
                -1,
                null);
    }

    private static RunEvent withCost(RunEvent r, NodeCost cost) {
        return cost == null ? r : copy(r, r.wakeAt(), cost, r.subNodes());
    }

    private static RunEvent withWake(RunEvent r, long wakeAt) {
        return copy(r, wakeAt, r.cost(), r.subNodes());
    }

    /** The sub-nodes a run called, each with the status of its last call. */
    private static RunEvent withSubNodes(RunEvent r, List<SubRun> subRuns) {
        if (subRuns.isEmpty()) {
            return r;
        }
        Map<String, String> last = new LinkedHashMap<>();
        for (SubRun sub : subRuns) {
            last.put(sub.node(), sub.run().status().wire());
        }
        return copy(r, r.wakeAt(), r.cost(), last);
    }

    /** {@code r} with the three fields the events above fill in after the fact. */
    private static RunEvent copy(RunEvent r, long wakeAt, NodeCost cost, Map<String, String> subNodes) {
        return new RunEvent(
                r.kind(),
                r.executionId(),
                r.workflowId(),
                r.seq(),
                r.at(),
                r.node(),
                r.runIndex(),
                r.tryNumber(),
                r.itemCounts(),
                r.startTime(),
                r.executionTimeMs(),
                r.error(),
                r.status(),
                r.reason(),
                wakeAt,
                cost,
                subNodes);
    }
}
