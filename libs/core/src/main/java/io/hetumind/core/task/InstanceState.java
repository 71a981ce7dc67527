package io.hetumind.core.task;

import static io.hetumind.core.task.Lifecycle.t;

import java.util.Locale;

/** States of a task instance (one attempt of a task on one agent). */
public enum InstanceState {
    /** Waiting for an agent to ask for work (from {@code ready_at} on). */
    QUEUED,
    /** Claimed by an agent and sent to it. */
    DISPATCHED,
    /** The agent started the process. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELED,
    /** Its agent died or forgot it; a new attempt is queued in its place when the policy allows. */
    LOST;

    /** The instance lifecycle; the task-server guards every status write with it. */
    public static final Lifecycle<InstanceState> LIFECYCLE = new Lifecycle<>(
            InstanceState.class,
            t(QUEUED, DISPATCHED, "an agent with matching namespace and labels acquired it"),
            t(QUEUED, CANCELED, "canceled before any agent took it"),
            t(DISPATCHED, RUNNING, "the agent reported started"),
            t(DISPATCHED, FAILED, "the agent could not start the process"),
            t(DISPATCHED, CANCELED, "canceled before the process started"),
            t(DISPATCHED, LOST, "the agent died, or registered again without it"),
            t(RUNNING, SUCCEEDED, "exit code 0"),
            t(RUNNING, FAILED, "non-zero exit code"),
            t(RUNNING, TIMED_OUT, "the agent killed it at its timeout"),
            t(RUNNING, CANCELED, "the agent killed it on a cancel"),
            t(RUNNING, LOST, "the agent died, or registered again without it"));

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELED || this == LOST;
    }

    /** The name stored and shown ({@code timed_out}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState ofWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
