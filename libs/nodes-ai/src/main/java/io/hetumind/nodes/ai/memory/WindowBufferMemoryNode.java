package io.hetumind.nodes.ai.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import java.util.List;

/**
 * Window Buffer Memory (n8n {@code memoryBufferWindow} 1–1.3): the last {@code contextWindowLength}
 * exchanges of a session, kept in this process. The session key comes from the input's
 * {@code sessionId} (1.2+ "fromInput", as a chat trigger sends it) or from {@code sessionKey}.
 */
public final class WindowBufferMemoryNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.memoryBufferWindow")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Window Buffer Memory")
            .description("Stores the last exchanges of a chat session in this process")
            .group(NodeGroup.AI)
            .icon("database")
            .alias(AiParams.N8N + "memoryBufferWindow")
            .subNode(ConnectionTypes.AI_MEMORY)
            .property(PropertySpec.string("sessionKey")
                    .displayName("Session Key")
                    .defaultValue("chat_history")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("sessionKey")
                    .displayName("Session ID")
                    .defaultValue("={{ $json.sessionId }}")
                    .showWhen(PropertySpec.VERSION, 1.1))
            .property(PropertySpec.options("sessionIdType")
                    .displayName("Session ID")
                    .defaultValue("fromInput")
                    .option("fromInput", "Connected Chat Trigger Node", "Looks for an input field called 'sessionId'")
                    .option("customKey", "Define below", "Use an expression to reference data in previous nodes")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.string("sessionKey")
                    .displayName("Key")
                    .defaultValue("")
                    .required()
                    .showWhen("sessionIdType", "customKey")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.number("contextWindowLength")
                    .displayName("Context Window Length")
                    .defaultValue(5)
                    .minValue(1)
                    .description("How many past exchanges the model receives"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        String session = sessionKey(ctx, item);
        int window = AiParams.intIn(ctx, "contextWindowLength", item, 5, 1, 500);
        String key = ctx.workflowId() + "\u0000" + session;
        return new AgentMemory() {
            @Override
            public List<ChatMessage> history() {
                List<ChatMessage> all = ChatHistories.get(key);
                int from = Math.max(0, all.size() - 2 * window);
                return all.subList(from, all.size());
            }

            @Override
            public List<ChatMessage> all() {
                return ChatHistories.get(key);
            }

            @Override
            public void save(String userText, String aiText) {
                ChatHistories.append(key, List.of(UserMessage.from(userText), AiMessage.from(aiText)));
                ctx.log("saved an exchange to session '" + session + "'");
            }
        };
    }

    private static final java.util.Set<String> CHAT_TRIGGERS =
            java.util.Set.of("hetumind.chatTrigger", AiParams.N8N + "chatTrigger");

    /**
     * As n8n's {@code getSessionId}: an item without a {@code sessionId} takes the one of the workflow's (first enabled)
     * chat trigger's first item, so a chat can pass through other nodes before it reaches the agent; "" when there is
     * none.
     */
    private static String chatTriggerSession(NodeContext ctx, int item) {
        for (Node n : ctx.workflowNodes()) {
            if (!n.disabled() && CHAT_TRIGGERS.contains(n.type())) {
                try {
                    JsonNode id = ctx.evaluate(
                            "={{ $(" + Json.write(Json.F.textNode(n.name())) + ").first().json.sessionId }}", item);
                    return id == null || id.isNull() || id.isMissingNode() ? "" : id.asText("");
                } catch (RuntimeException notRun) {
                    return ""; // n8n ignores a trigger it cannot read
                }
            }
        }
        return "";
    }

    static String sessionKey(NodeContext ctx, int item) {
        return sessionKey(ctx, item, ctx.node().typeVersion() >= 1.2);
    }

    /**
     * The item's session: with {@code selector} (n8n's getSessionId: Window Buffer Memory from 1.2, Postgres Chat
     * Memory at every version) by the Session ID setting — the input's {@code sessionId}, else the chat trigger's,
     * or the Key; without it (Window Buffer Memory 1 and 1.1) the Session Key parameter alone.
     */
    static String sessionKey(NodeContext ctx, int item, boolean selector) {
        String key;
        if (selector && "fromInput".equals(ctx.param("sessionIdType", item, String.class, "fromInput"))) {
            var json = ctx.items().isEmpty() ? null : ctx.items().get(item).json();
            key = json == null ? "" : json.path("sessionId").asText("");
            if (key.isEmpty()) {
                key = chatTriggerSession(ctx, item);
            }
            if (key.isEmpty()) {
                throw new NodeException(
                        ErrorKind.USER,
                        "No session ID found",
                        item,
                        "Expected to find the session ID in an input field called 'sessionId' (this is what the chat"
                                + " trigger node outputs). To use something else, change the 'Session ID' parameter",
                        null);
            }
            return key;
        }
        key = ctx.param("sessionKey", item, String.class, "");
        if (key == null || key.isEmpty()) {
            throw new NodeException(
                    ErrorKind.USER,
                    "Key parameter is empty",
                    item,
                    "Provide a key to use as session ID in the 'Key' parameter or use the 'Connected Chat Trigger Node'"
                            + " option to use the session ID from your Chat Trigger",
                    null);
        }
        return key;
    }
}
