package io.hetumind.core.spi.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A {@link WebhookTrigger} that looks at each request before a run starts, as an n8n node's own {@code webhook()}
 * method does: it answers some requests itself (a page, a refusal, a reply that needs no run) and makes the trigger
 * item of the others. The host calls it after the request is parsed and the node's authentication checked; a type
 * that does not implement it gets the Webhook node's item {@code {headers, params, query, body}}.
 */
public interface WebhookRequestHandler {

    Outcome handle(Call call);

    /**
     * One request as the host parsed it.
     *
     * @param node the trigger node as registered
     * @param method upper-case HTTP method
     * @param test true on a test URL ({@code /webhook-test/…}), false on a production one
     * @param headers request headers, names lower case (the last value of a repeated header)
     * @param body the parsed body: an object for JSON objects and forms, another JSON value, a text node for text
     *     bodies, or a missing node when there is none
     * @param url the URL the request came to, without its query
     * @param uploads the files of a multipart body, in the order they came (their fields are in {@code body}); the
     *     host keeps the bytes
     * @param query the query string's parameters (a repeated key as an array), an empty object when there is none
     * @param zone the workflow's time zone ({@code settings.timezone}, UTC when unset)
     */
    record Call(
            Node node,
            String method,
            boolean test,
            Map<String, String> headers,
            JsonNode body,
            String url,
            List<Upload> uploads,
            ObjectNode query,
            ZoneId zone) {

        public Call {
            headers = Map.copyOf(headers);
            uploads = uploads == null ? List.of() : List.copyOf(uploads);
            query = query == null ? JsonNodeFactory.instance.objectNode() : query.deepCopy();
            zone = zone == null ? ZoneOffset.UTC : zone;
        }

        /** A request without a query, in a workflow on UTC. */
        public Call(
                Node node,
                String method,
                boolean test,
                Map<String, String> headers,
                JsonNode body,
                String url,
                List<Upload> uploads) {
            this(node, method, test, headers, body, url, uploads, null, null);
        }

        /** A request without files. */
        public Call(Node node, String method, boolean test, Map<String, String> headers, JsonNode body, String url) {
            this(node, method, test, headers, body, url, List.of());
        }
    }

    /**
     * A file of a multipart body as the client sent it.
     *
     * @param field the form field it came in
     * @param fileName its name, or null
     * @param mimeType its content type, or null
     * @param size its length in bytes
     */
    record Upload(String field, String fileName, String mimeType, long size) {}

    /** What the host does with the request. */
    sealed interface Outcome {}

    /** Answers at once with {@code response}; no run starts. */
    record Answer(WebhookResponse response) implements Outcome {}

    /**
     * Starts a run with one item {@code json}. With {@code respondFromRun} the run answers through the per-run
     * {@link WebhookResponder} (as in the response mode {@code responseNode}), whatever the trigger's response mode.
     * {@code binaryKeys}, when not null, names the item's binary attachment for each of {@link Call#uploads()} in
     * order (a name given twice: the later file takes it); null leaves the host's naming (the form field names).
     */
    record Start(ObjectNode json, boolean respondFromRun, List<String> binaryKeys) implements Outcome {

        public Start {
            binaryKeys = binaryKeys == null ? null : List.copyOf(binaryKeys);
        }

        /** A run whose files keep the host's names. */
        public Start(ObjectNode json, boolean respondFromRun) {
            this(json, respondFromRun, null);
        }
    }
}
