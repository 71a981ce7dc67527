package io.hetumind.core.spi;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.util.List;

/**
 * A node type that can park its execution until a call to the execution's resume URL ({@code $execution.resumeUrl}),
 * as n8n's Wait "On Webhook Call" does, with or without a time limit after which the run goes on by itself. The host
 * resumes such a wait on a call even while it also waits for its limit; a node that only waits for a time is not
 * resumed by a call.
 */
public interface WaitsForCall {

    /** Every method a call may use when the node names none. */
    List<String> ANY_METHOD = List.of("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT");

    /** Whether {@code node}, as configured, waits for a call to the resume URL. Reads raw parameters only. */
    boolean waitsForCall(Node node);

    /**
     * What a call that resumes {@code node} must be and how the host answers it, as a Webhook node's settings (n8n's
     * Wait is a Webhook): the methods it takes, the response mode, code and data, the authentication (credentials on
     * the node), and as {@code path} the suffix after the token, "" for none (n8n's Webhook Suffix). A call with
     * another method or suffix resumes nothing. By default: any method, no suffix, answered at once. Read only when
     * {@link #waitsForCall} holds; reads raw parameters only.
     *
     * @throws IllegalArgumentException when a setting is not one the node knows (named in the message)
     */
    default WebhookSpec callSpec(Node node) {
        return new WebhookSpec("", ANY_METHOD, WebhookSpec.ResponseMode.ON_RECEIVED, 200, "firstEntryJson", "none");
    }

    /**
     * A node that reads its resume calls itself, as a trigger may ({@link WebhookRequestHandler}): it answers some
     * (a form's page on GET: nothing resumes) and makes the waiting node's output item of the others (a submitted
     * form). Empty by default: a call resumes with the request as a Webhook node's item. Read only when {@link
     * #waitsForCall} holds.
     */
    default java.util.Optional<WebhookRequestHandler> callHandler(Node node) {
        return java.util.Optional.empty();
    }
}
