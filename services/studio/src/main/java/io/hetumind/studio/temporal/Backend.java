package io.hetumind.studio.temporal;

/**
 * The backends an execution can run on ({@code hetumind.executor}, env {@code HETUMIND_EXECUTOR}): {@code native}, the
 * studio's own workers over the PostgreSQL queue, or {@code temporal}, one Temporal workflow per execution. An
 * execution keeps the backend it started on, so changing the setting never moves a waiting execution.
 */
public enum Backend {
    NATIVE,
    TEMPORAL
}
