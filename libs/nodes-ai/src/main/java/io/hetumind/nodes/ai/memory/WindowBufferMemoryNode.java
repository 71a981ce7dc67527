package io.hetumind.nodes.ai.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.model.ConnectionTypes;
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

    static String sessionKey(NodeContext ctx, int item) {
        String key;
        if (ctx.node().typeVersion() >= 1.2
                && "fromInput".equals(ctx.param("sessionIdType", item, String.class, "fromInput"))) {
            var json = ctx.items().isEmpty() ? null : ctx.items().get(item).json();
            key = json == null ? "" : json.path("sessionId").asText("");
            if (key.isBlank()) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "': no session ID found: the input item has no 'sessionId' field"
                                + " (connect a chat trigger, or set Session ID to 'Define below')",
                        item);
            }
            return key;
        }
        key = ctx.param("sessionKey", item, String.class, "");
        if (key == null || key.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': the session key is empty", item);
        }
        return key;
    }
}
