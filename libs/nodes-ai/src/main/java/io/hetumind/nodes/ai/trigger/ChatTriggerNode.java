package io.hetumind.nodes.ai.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookTrigger;
import io.hetumind.nodes.ai.memory.AgentMemory;
import java.util.List;
import java.util.Map;

/**
 * Chat Trigger (n8n {@code chatTrigger} 1–1.4, "When chat message received"): a webhook at {@code
 * /webhook/<webhookId>/chat} that takes the chat widget's messages ({@code {action, sessionId, chatInput}}, the item
 * as sent), answers {@code loadPreviousSession} from the attached memory and, in hosted-chat mode, serves a minimal
 * chat page on GET ({@link ChatPage}). Requests are checked by {@link ChatRequests}.
 */
public final class ChatTriggerNode implements NodeType, WebhookTrigger, WebhookRequestHandler {

    @Override
    public NodeDescriptor descriptor() {
        return ChatTriggerDescriptor.DESCRIPTOR;
    }

    @Override
    public WebhookSpec spec(TriggerParams p) {
        return ChatRequests.spec(p);
    }

    @Override
    public Outcome handle(Call call) {
        return ChatRequests.handle(call);
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        try {
            spec(new TriggerParams(ctx.node()));
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            throw NodeException.user("Chat Trigger '" + ctx.node().name() + "' ran without a chat message: the host"
                    + " passes the message {action, sessionId, chatInput} as the trigger item");
        }
        JsonNode first = items.getFirst().json();
        if (ChatRequests.LOAD.equals(first.path("action").asText())
                && "memory".equals(ChatRequests.loadPreviousSession(ctx.node()))) {
            answerFromMemory(ctx, first);
            return NodeResult.of(List.of()); // n8n runs nothing for this action: nothing follows
        }
        return NodeResult.of(items);
    }

    /** n8n's answer to {@code loadPreviousSession}: {@code {data: [LangChain message JSON …]}}, oldest first. */
    private static void answerFromMemory(NodeContext ctx, JsonNode item) {
        AgentMemory memory = ctx.attachedOne(
                        ConnectionTypes.AI_MEMORY,
                        0,
                        AgentMemory.class,
                        "a memory (Load Previous Session: From Memory)")
                .value();
        ArrayNode data = Json.array();
        memory.all().forEach(m -> data.add(LangChainMessages.toJson(m)));
        ctx.log("loaded " + data.size() + " messages of session '"
                + item.path("sessionId").asText() + "'");
        String body = Json.write(Json.object().set("data", data));
        ctx.service(WebhookResponder.class)
                .ifPresentOrElse(
                        r -> r.respond(ctx.executionId(), new WebhookResponse(200, Map.of(), body, "application/json")),
                        () -> ctx.nodeState().put("response", body));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
