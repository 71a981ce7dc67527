package io.hetumind.executor.temporal;

/** Records in the store that the parked run of task {@code taskId} resumed at {@code at}. */
public record ResumeInput(String executionId, long taskId, String node, long at, boolean newOutputs) {}
