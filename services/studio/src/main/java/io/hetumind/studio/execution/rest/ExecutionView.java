package io.hetumind.studio.execution.rest;

import io.hetumind.studio.execution.ExecutionRow;
import java.time.Instant;
import java.util.UUID;

/** One execution in a list: no run data (the detail has it). */
public record ExecutionView(
        UUID id,
        UUID workflowId,
        int workflowVersion,
        String mode,
        String status,
        Instant createdAt,
        Instant startedAt,
        Instant stoppedAt,
        Instant waitTill,
        String lastNodeExecuted,
        String error,
        UUID retryOf,
        java.util.Map<String, String> customData) {

    public static ExecutionView of(ExecutionRow r) {
        return new ExecutionView(
                r.id(),
                r.workflowId(),
                r.workflowVersion(),
                r.mode(),
                r.status(),
                r.createdAt(),
                r.startedAt(),
                r.finishedAt(),
                r.waitTill(),
                r.lastNode(),
                r.errorMessage(),
                r.retryOf(),
                io.hetumind.studio.execution.CustomData.parse(r.customDataJson()));
    }
}
