package io.hetumind.lambda.handler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One invocation's answer. {@code status}: {@code RUNNING} (call again with {@code resume}),
 * {@code WAITING} (call again at {@code wakeAt}, or it waits for an outside resume when that is
 * absent), {@code SUCCESS} ({@code output} or {@code outputKey}), {@code ERROR} ({@code error}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunnerResponse(
        String status,
        String executionId,
        String stateKey,
        JsonNode output,
        String outputKey,
        String wakeAt,
        Error error,
        Stats stats) {

    /** Every {@code status} an answer may carry (the SAM state machine routes on them). */
    public static final java.util.List<String> STATUSES = java.util.List.of("RUNNING", "WAITING", "SUCCESS", "ERROR");

    /** Every {@code error.type} an answer may carry. */
    public static final java.util.List<String> ERROR_TYPES = java.util.List.of(
            "bad-request",
            "workflow-invalid",
            "workflow-not-found",
            "workflow-mismatch",
            "state-missing",
            "state-corrupt",
            "conflict",
            "no-time",
            "node-did-not-finish",
            "execution-failed");

    /**
     * @param type bad-request, workflow-invalid, workflow-not-found, workflow-mismatch, state-missing,
     *     state-corrupt, conflict, no-time, node-did-not-finish, execution-failed
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String type, String message, JsonNode details) {}

    /** What this invocation did: nodes finished in it and in total, time spent, state size. */
    @RegisterForReflection
    public record Stats(int nodesRun, int nodesTotal, long millis, long stateBytes) {}

    static RunnerResponse error(String executionId, String stateKey, String type, String message, JsonNode details) {
        return new RunnerResponse(
                "ERROR", executionId, stateKey, null, null, null, new Error(type, message, details), null);
    }
}
