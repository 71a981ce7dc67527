package io.hetumind.nodes.ai.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Answer;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Call;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Outcome;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Start;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the Chat Trigger registers ({@link #spec}) and what it makes of each request ({@link #handle}). */
final class ChatRequests {
    static final String SEND = "sendMessage";
    static final String LOAD = "loadPreviousSession";
    private static final Set<String> LOAD_OPTIONS = Set.of("notSupported", "memory", "manually");

    private ChatRequests() {}

    /**
     * {@code <webhookId>/chat}, POST (and GET for the hosted page of a public hosted chat), answered with the first
     * item of the last node ({@code lastNode}, n8n's default), by a Respond to Webhook node, or chunk by chunk as the
     * nodes write them ({@code streaming}, n8n's default from 1.2 when the chat is available in n8n Chat).
     */
    static WebhookSpec spec(TriggerParams p) {
        String node = p.node().name();
        String id = p.string("webhookId", "").trim();
        if (id.isEmpty()) {
            id = p.node().id() == null ? "" : p.node().id().trim();
        }
        if (id.isEmpty()) {
            throw new TriggerConfigException(node, "webhookId", "is required (the id in /webhook/<id>/chat)");
        }
        boolean hosted = p.bool("public", false) && "hostedChat".equals(p.string("mode", "hostedChat"));
        String auth = p.string("authentication", "none");
        switch (auth) {
            case "none", "basicAuth" -> {}
            case "n8nUserAuth" ->
                throw new TriggerConfigException(
                        node,
                        "authentication",
                        "'n8n User Auth' needs an n8n login session, which Hetumind does not have; use Basic Auth"
                                + " or None");
            default ->
                throw new TriggerConfigException(node, "authentication", "unknown authentication '" + auth + "'");
        }
        String load = p.string("options.loadPreviousSession", "notSupported");
        if (!LOAD_OPTIONS.contains(load)) {
            throw new TriggerConfigException(
                    node, "options.loadPreviousSession", "Invalid loadPreviousSession option: " + load);
        }
        String mode = responseMode(p);
        WebhookSpec.ResponseMode responseMode =
                switch (mode) {
                    case "lastNode" -> WebhookSpec.ResponseMode.LAST_NODE;
                    case "responseNode" -> WebhookSpec.ResponseMode.RESPONSE_NODE;
                    case "streaming" -> WebhookSpec.ResponseMode.STREAMING;
                    case "responseNodes" ->
                        throw new TriggerConfigException(
                                node,
                                "options.responseMode",
                                "'Using Response Nodes' needs n8n's Chat node, which Hetumind does not have; choose"
                                        + " 'When Last Node Finishes' or 'Using Respond to Webhook Node'");
                    default ->
                        throw new TriggerConfigException(
                                node, "options.responseMode", "unknown response mode '" + mode + "'");
                };
        List<String> methods = hosted ? List.of("GET", "POST") : List.of("POST");
        return new WebhookSpec(id + "/chat", methods, responseMode, 200, "firstEntryJson", auth);
    }

    /** The response mode: {@code options.responseMode}, else n8n's default ({@code streaming} when available in chat). */
    private static String responseMode(TriggerParams p) {
        String fallback = p.node().typeVersion() >= 1.2 && p.bool("availableInChat", false) ? "streaming" : "lastNode";
        return p.string("options.responseMode", fallback);
    }

    /** Whether the trigger answers chunk by chunk (the hosted page reads the answer as a stream then). */
    static boolean streams(Node node) {
        return "streaming".equals(responseMode(new TriggerParams(node)));
    }

    static String loadPreviousSession(Node node) {
        JsonNode v = node.parameters().path("options").path("loadPreviousSession");
        return v.isTextual() ? v.asText() : "notSupported";
    }

    /**
     * n8n's rules: a chat that is not public answers only its test URL (404 on the production one); GET serves the
     * hosted page; {@code loadPreviousSession} reads the memory through a run, answers {@code {data: []}} when loading
     * is off and runs the workflow when it is {@code manually}; anything else runs the workflow with the body as its
     * item. Stricter than n8n (which runs whatever comes): a body that is not an object, an unknown {@code action} and
     * a {@code loadPreviousSession} without a {@code sessionId} are 400. A multipart message's files become n8n's
     * {@code files} list and {@code data0}, {@code data1} … binaries ({@link ChatUploads}); a file whose type {@code
     * options.allowedFilesMimeTypes} does not list is 415.
     */
    static Outcome handle(Call call) {
        TriggerParams p = new TriggerParams(call.node());
        if (!call.test() && !p.bool("public", false)) {
            return json(404, Json.object().put("message", "The requested chat is not available"));
        }
        if ("GET".equals(call.method())) {
            return new Answer(ChatPage.render(call.node(), call.url(), call.test()));
        }
        JsonNode body = call.body();
        if (!(body instanceof ObjectNode message)) {
            return bad("the body must be a JSON object such as {\"action\":\"sendMessage\",\"sessionId\":\"…\","
                    + "\"chatInput\":\"…\"}");
        }
        JsonNode action = message.get("action");
        if (action != null && !(action.isTextual() && Set.of(SEND, LOAD).contains(action.asText()))) {
            return bad("'action' must be \"sendMessage\" or \"loadPreviousSession\", got " + action);
        }
        if (action != null && LOAD.equals(action.asText())) {
            JsonNode session = message.get("sessionId");
            if (session == null || !session.isTextual() || session.asText().isBlank()) {
                return bad("'loadPreviousSession' needs the 'sessionId' of the session to load");
            }
            return switch (loadPreviousSession(call.node())) {
                case "memory" -> new Start(message, true);
                case "manually" -> ChatUploads.start(call, message, false);
                default -> json(200, Json.object().set("data", Json.array()));
            };
        }
        return ChatUploads.start(call, message, false);
    }

    private static Answer bad(String detail) {
        ObjectNode problem = Json.object()
                .put("type", "about:blank")
                .put("title", "Bad chat request")
                .put("status", 400)
                .put("detail", detail);
        return new Answer(new WebhookResponse(400, Map.of(), Json.write(problem), "application/problem+json"));
    }

    private static Answer json(int status, ObjectNode body) {
        return new Answer(new WebhookResponse(status, Map.of(), Json.write(body), "application/json"));
    }
}
