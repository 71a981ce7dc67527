package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to a waiting execution's resume URL, as a host received it, and what it does ({@link
 * Engine#decide(io.hetumind.core.model.Workflow, String, WaitingCall)}): a plain call ({@code <token>}) resumes a
 * Wait "On Webhook Call"; a call to a node's signed link ({@code <token>/<node id>?…&signature=…}) goes to the
 * waiting node's {@link io.hetumind.core.spi.ResumeLinkHandler}.
 *
 * @param token the resume token (the first path segment after the resume base)
 * @param nodeId the node id after it ({@code <token>/<node id>}), or null for a plain call
 * @param method upper-case HTTP method
 * @param rawQuery the query string as sent (without {@code ?}), or null
 * @param headers request headers, names lower case
 * @param body the parsed body, or a missing node
 */
public record WaitingCall(
        String token, String nodeId, String method, String rawQuery, Map<String, String> headers, JsonNode body) {

    public WaitingCall {
        headers = Map.copyOf(headers);
    }

    /** Splits the path after the resume base into token and node id; null when it has more segments. */
    public static String[] split(String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return new String[] {path, null};
        }
        String node = path.substring(slash + 1);
        if (node.isEmpty() || node.contains("/")) {
            return null;
        }
        return new String[] {path.substring(0, slash), URLDecoder.decode(node, StandardCharsets.UTF_8)};
    }

    /** The query parameters, URL-decoded, the first value of each. */
    public Map<String, String> query() {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** What a call does. */
    public sealed interface Decision {}

    /** Refused: nothing changes; the host answers {@code status} with a problem of {@code type}. */
    public record Refused(int status, String type, String title, String detail) implements Decision {}

    /** Answered without resuming (a page, a link previewer's request). */
    public record Answer(WebhookResponse response) implements Decision {}

    /** Resume {@code executionId} with {@code items} as the waiting node's output, answering {@code response}. */
    public record Resume(String executionId, List<Item> items, WebhookResponse response) implements Decision {
        public Resume {
            items = List.copyOf(items);
        }
    }

    /**
     * A plain call to the resume URL: the host resumes with the request as the waiting node's item. {@code
     * waitsForCall}: the waiting node waits for this call ({@link io.hetumind.core.spi.WaitsForCall}), so a time limit
     * it also waits for does not stop the call; otherwise only an execution parked without a time resumes.
     */
    public record Plain(String executionId, boolean waitsForCall) implements Decision {}

    /** n8n's page for a link whose question was answered already (or whose execution went on without it). */
    static WebhookResponse noActionRequired() {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">"
                + "<title>No action required</title></head>"
                + "<body style=\"font-family: sans-serif; text-align: center; padding-top: 48px; color: #525356;\">"
                + "<h1 style=\"font-weight: 400; font-size: 20px;\">No action required</h1>"
                + "<p style=\"color: #7e8186; font-size: 14px;\">This request was answered already or is no longer"
                + " waiting; this page can be closed now.</p></body></html>";
        return new WebhookResponse(200, Map.of(), html, "text/html; charset=utf-8");
    }
}
