package io.hetumind.studio.execution.rest;

/**
 * Instance-wide pruning of execution records: when enabled, records older than {@code maxAgeHours} and beyond the
 * newest {@code maxCount} are removed (whole day partitions where they can).
 */
public record PruningView(Boolean enabled, Integer maxAgeHours, Integer maxCount) {}
