package io.hetumind.studio.execution.rest;

/** What one pruning pass removed. */
public record PruneResultView(long partitionsDropped, long rowsDeleted) {}
