package io.hetumind.core.spi;

import io.hetumind.core.model.Node;

/**
 * A node type that can park its execution until a call to the execution's resume URL ({@code $execution.resumeUrl}),
 * as n8n's Wait "On Webhook Call" does, with or without a time limit after which the run goes on by itself. The host
 * resumes such a wait on a call even while it also waits for its limit; a node that only waits for a time is not
 * resumed by a call.
 */
public interface WaitsForCall {

    /** Whether {@code node}, as configured, waits for a call to the resume URL. Reads raw parameters only. */
    boolean waitsForCall(Node node);
}
