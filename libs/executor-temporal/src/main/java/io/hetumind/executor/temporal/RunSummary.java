package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execution as the workflow knows it: status, timings, error, and the index of its run data; a host hydrates it
 * into the full state from the {@link RunDataStore} ({@link TemporalExecutor#result}). {@code lostRuns} holds, as
 * JSON, the few runs no activity could store (a node whose worker was lost on every try). {@code wakeAt}: for a
 * waiting execution, when its earliest timed wait ends on the workflow's clock (-1: only an outside resume moves it);
 * {@code callWaits}: the nodes parked until an outside call resumes them (a Wait "On Webhook Call"). {@code at}: the
 * workflow's clock when it last looked (its latest workflow task; 0 in summaries recorded before it existed), so a host
 * on another clock tells how long a wait has left as {@code wakeAt - at}, not against its own clock. {@code held}: while
 * the run is held at a breakpoint (status {@code WAITING}, pause reason {@code breakpoint}), the task held before its
 * start or, with {@code heldAfter}, the task whose run it is held after; null otherwise (and in summaries recorded
 * before breakpoints ran on Temporal).
 */
public record RunSummary(
        String executionId,
        String status,
        String pauseReason,
        long startedAt,
        long finishedAt,
        String startNode,
        String lastNodeExecuted,
        String errorJson,
        LinkedHashMap<String, List<Long>> runIndex,
        Map<String, Long> nodeStateRefs,
        Map<Long, String> lostRuns,
        long wakeAt,
        List<String> callWaits,
        long at,
        Task held,
        boolean heldAfter) {}
