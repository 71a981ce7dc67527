package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Basic LLM Chain (n8n {@code chainLlm} 1–1.7): per item, the chat messages defined on the node
 * plus the prompt (expressions rendered against the item) go to the attached model; the answer
 * is {@code {text}}, or with an attached output parser the parsed {@code {output}}.
 */
public final class BasicLlmChainNode implements NodeType {

    static final String SYSTEM = "SystemMessagePromptTemplate";
    static final String AI = "AIMessagePromptTemplate";
    static final String HUMAN = "HumanMessagePromptTemplate";

    private static final NodeDescriptor DESCRIPTOR = build();

    private static NodeDescriptor build() {
        var b = NodeDescriptor.builder("hetumind.chainLlm")
                .versions(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7)
                .displayName("Basic LLM Chain")
                .description("A simple chain to prompt a large language model")
                .group(NodeGroup.AI)
                .icon("link")
                .alias(AiParams.N8N + "chainLlm")
                .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
                .subInput(SubPort.optional(ConnectionTypes.AI_OUTPUT_PARSER, "Output Parser")
                        .showWhen("hasOutputParser", true))
                .property(PropertySpec.string("prompt")
                        .displayName("Prompt")
                        .defaultValue("={{ $json.input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1))
                .property(PropertySpec.string("prompt")
                        .displayName("Prompt")
                        .defaultValue("={{ $json.chat_input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.1, 1.2))
                .property(PropertySpec.string("prompt")
                        .displayName("Prompt")
                        .defaultValue(Prompts.CHAT_INPUT)
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.3));
        Prompts.promptProperties(1.4, 1.5, 1.6, 1.7).forEach(b::property);
        return b.property(PropertySpec.bool("hasOutputParser")
                        .displayName("Require Specific Output Format")
                        .defaultValue(false)
                        .noExpression())
                .property(PropertySpec.fixedCollection("messages")
                        .displayName("Chat Messages (if Using a Chat Model)")
                        .defaultValue(Json.object())
                        .child(PropertySpec.collection("messageValues")
                                .displayName("Prompt")
                                .multipleValues()
                                .child(PropertySpec.options("type")
                                        .displayName("Type Name or ID")
                                        .defaultValue(SYSTEM)
                                        .option(AI, "AI")
                                        .option(SYSTEM, "System")
                                        .option(HUMAN, "User"))
                                .child(PropertySpec.options("messageType")
                                        .displayName("Message Type")
                                        .defaultValue("text")
                                        .option("text", "Text", "Simple text message")
                                        .showWhen("type", HUMAN))
                                .child(PropertySpec.string("message")
                                        .displayName("Message")
                                        .defaultValue("")
                                        .required())))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.run(ctx, item -> {
            LanguageModel model = ctx.attachedOne(
                            ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                    .value();
            OutputParser parser = parser(ctx, item);
            List<ChatMessage> messages = new ArrayList<>();
            JsonNode values = ctx.paramTree("messages.messageValues", item);
            if (values != null && values.isArray()) {
                for (int i = 0; i < values.size(); i++) {
                    messages.add(message(values.get(i), i, item));
                }
            }
            String prompt = Prompts.userPrompt(ctx, item, "prompt");
            if (parser != null) {
                prompt = prompt + "\n\n" + parser.formatInstructions();
            }
            messages.add(UserMessage.from(prompt));
            String answer = model.chat(ChatRequest.builder().messages(messages).build(), item)
                    .aiMessage()
                    .text();
            if (parser != null) {
                JsonNode parsed = parser.parse(answer, item);
                if (ctx.node().typeVersion() >= 1.6) {
                    return (ObjectNode) parsed;
                }
                return Json.object().put("text", parsed.toString());
            }
            return Json.object().put("text", answer == null ? "" : answer.trim());
        });
    }

    static OutputParser parser(NodeContext ctx, int item) {
        var parsers = ctx.attached(ConnectionTypes.AI_OUTPUT_PARSER, item, OutputParser.class);
        return parsers.isEmpty() ? null : parsers.getFirst().value();
    }

    private static ChatMessage message(JsonNode m, int index, int item) {
        String text = m.path("message").asText("");
        String where = "parameter 'messages.messageValues." + index + "'";
        if (text.isBlank()) {
            throw NodeException.user(where + ": the message is empty", item);
        }
        String type = m.path("type").asText(SYSTEM);
        String messageType = m.path("messageType").asText("text");
        if (!"text".equals(messageType)) {
            throw NodeException.user(where + ": message type '" + messageType + "' is not supported (text only)", item);
        }
        return switch (type) {
            case SYSTEM -> SystemMessage.from(text);
            case AI -> AiMessage.from(text);
            case HUMAN -> UserMessage.from(text);
            default -> throw NodeException.user(where + ": unknown message type '" + type + "'", item);
        };
    }
}
