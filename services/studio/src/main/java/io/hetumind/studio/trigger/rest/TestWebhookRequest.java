package io.hetumind.studio.trigger.rest;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** Asks to listen for the next request to the workflow's test webhooks. */
public record TestWebhookRequest(@NotNull UUID workflowId) {}
