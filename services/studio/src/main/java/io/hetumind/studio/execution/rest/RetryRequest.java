package io.hetumind.studio.execution.rest;

/** Body of {@code POST /api/v1/executions/{id}/retry}: {@code from} is {@code start} (default) or {@code failed}. */
public record RetryRequest(String from) {}
