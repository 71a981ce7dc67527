package io.hetumind.studio.trigger.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A listen registration: the URLs to call, until when, and — once a request came — the execution it started.
 *
 * @param status waiting, captured or expired
 */
public record TestWebhookView(
        UUID id,
        UUID workflowId,
        int workflowVersion,
        List<String> urls,
        Instant expiresAt,
        String status,
        Instant capturedAt,
        String executionId) {}
