package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.List;
import java.util.Map;

/**
 * A node type that parks its execution until someone opens one of its own {@link ResumeLinks} (n8n's "Send and Wait
 * for Response"), and decides what a request to such a link does, as an n8n node's {@code webhook()} method does for
 * its waiting webhook. The host has checked the link's signature before it calls {@link #onLink}.
 */
public interface ResumeLinkHandler {

    /**
     * Whether {@code node}, as configured, waits for a call to its signed links: the host then refuses to resume it
     * through the plain resume URL or through a link whose signature does not match. Reads raw parameters only.
     */
    boolean waitsForLink(Node node);

    /** What a request to the waiting node's link does. */
    Outcome onLink(Call call);

    /**
     * One request to a signed link.
     *
     * @param node the waiting node
     * @param method upper-case HTTP method
     * @param query the query parameters, the first value of each, {@code signature} left out
     * @param headers request headers, names lower case
     * @param body the parsed body (an object for JSON and forms), or a missing node
     */
    record Call(Node node, String method, Map<String, String> query, Map<String, String> headers, JsonNode body) {
        public Call {
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
        }
    }

    /** What the host does with the request. */
    sealed interface Outcome {}

    /** Answers with {@code response}; the execution keeps waiting. */
    record Answer(WebhookResponse response) implements Outcome {}

    /** Resumes the execution with {@code items} as the waiting node's output and answers with {@code response}. */
    record Resume(List<Item> items, WebhookResponse response) implements Outcome {
        public Resume {
            items = List.copyOf(items);
        }
    }
}
