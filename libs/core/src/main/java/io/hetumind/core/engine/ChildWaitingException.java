package io.hetumind.core.engine;

/**
 * Thrown out of {@link SubWorkflowRunner#run} when the child execution parked instead of
 * finishing: the calling node is deferred (not failed, not succeeded) and runs again when the
 * child is due, which resumes the child by its deterministic id instead of starting it over.
 */
public final class ChildWaitingException extends RuntimeException {

    private final String childExecutionId;
    private final long wakeAt;

    public ChildWaitingException(String childExecutionId, long wakeAt) {
        super("sub-workflow execution " + childExecutionId + " is waiting", null, false, false);
        this.childExecutionId = childExecutionId;
        this.wakeAt = wakeAt;
    }

    public String childExecutionId() {
        return childExecutionId;
    }

    /** When the child is due (-1: when resumed from outside). */
    public long wakeAt() {
        return wakeAt;
    }
}
