package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.ItemImages;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Basic LLM Chain (n8n {@code chainLlm} 1–1.9): per item, the chat messages defined on the node
 * plus the prompt (expressions rendered against the item) go to the attached model; the answer
 * is {@code {text}}, or with an attached output parser the parsed {@code {output}}. A user message may be an image
 * (the item's binary field or a URL), which the last such message shares with the prompt, as n8n sends it.
 */
public final class BasicLlmChainNode implements NodeType {

    static final String SYSTEM = "SystemMessagePromptTemplate";
    static final String AI = "AIMessagePromptTemplate";
    static final String HUMAN = "HumanMessagePromptTemplate";
    static final String TEXT = "text";
    static final String IMAGE_BINARY = "imageBinary";
    static final String IMAGE_URL = "imageUrl";

    private static final NodeDescriptor DESCRIPTOR = build();

    private static NodeDescriptor build() {
        var b = NodeDescriptor.builder("hetumind.chainLlm")
                .versions(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9)
                .displayName("Basic LLM Chain")
                .description("A simple chain to prompt a large language model")
                .group(NodeGroup.AI)
                .icon("link")
                .alias(AiParams.N8N + "chainLlm")
                // slot 0 the model, slot 1 the fallback model with needsFallback (n8n's withFallbacks)
                .subInput(new SubPort(ConnectionTypes.AI_LANGUAGE_MODEL, "Model", true, 2, null))
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
        Prompts.promptProperties(new double[] {1.4, 1.5, 1.6, 1.7}, 1.8, 1.9).forEach(b::property);
        return b.property(PropertySpec.bool("needsFallback")
                        .displayName("Enable Fallback Model")
                        .defaultValue(false)
                        .noExpression()
                        .description("Connect a second model, used when the first one fails")
                        // n8n hides it in 1, 1.1 and 1.3 only
                        .showWhen(PropertySpec.VERSION, 1.2, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9))
                .property(PropertySpec.bool("hasOutputParser")
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
                                        .defaultValue(TEXT)
                                        .option(TEXT, "Text", "Simple text message")
                                        .option(
                                                IMAGE_BINARY,
                                                "Image (Binary)",
                                                "Process the binary input from the" + " previous node")
                                        .option(IMAGE_URL, "Image (URL)", "Process the image from the specified URL")
                                        .showWhen("type", HUMAN))
                                .child(PropertySpec.string("binaryImageDataKey")
                                        .displayName("Image Data Field Name")
                                        .defaultValue("data")
                                        .required()
                                        .description("The name of the field in the chain's input that contains the"
                                                + " binary image file to be processed")
                                        .showWhen("messageType", IMAGE_BINARY))
                                .child(PropertySpec.string("imageUrl")
                                        .displayName("Image URL")
                                        .defaultValue("")
                                        .required()
                                        .description("URL to the image to be processed")
                                        .showWhen("messageType", IMAGE_URL))
                                .child(PropertySpec.options("imageDetail")
                                        .displayName("Image Details")
                                        .defaultValue("auto")
                                        .description("Control how the model processes the image and generates its"
                                                + " textual understanding")
                                        .option(
                                                "auto",
                                                "Auto",
                                                "Model will use the auto setting which will look at"
                                                        + " the image input size and decide if it should use the low or high"
                                                        + " setting")
                                        .option(
                                                "low",
                                                "Low",
                                                "The model will receive a low-res 512px x 512px version"
                                                        + " of the image, and represent the image with a budget of 65 tokens")
                                        .option(
                                                "high",
                                                "High",
                                                "Allows the model to see the low res image and then"
                                                        + " creates detailed crops of input images as 512px squares")
                                        .showWhen("type", HUMAN)
                                        .showWhen("messageType", IMAGE_BINARY, IMAGE_URL))
                                .child(PropertySpec.string("message")
                                        .displayName("Message")
                                        .defaultValue("")
                                        .required()
                                        .hideWhen("messageType", IMAGE_BINARY, IMAGE_URL))))
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
            boolean lastIsImage = false;
            if (values != null && values.isArray()) {
                for (int i = 0; i < values.size(); i++) {
                    ChatMessage m = message(ctx, values.get(i), i, item);
                    messages.add(m);
                    lastIsImage = m instanceof UserMessage u && !u.hasSingleText();
                }
            }
            String prompt = Prompts.userPrompt(ctx, item, "prompt");
            if (parser != null) {
                prompt = prompt + "\n\n" + parser.formatInstructions();
            }
            if (lastIsImage) {
                // n8n adds the prompt to a last image message as one more part instead of a message of its own
                UserMessage image = (UserMessage) messages.removeLast();
                List<Content> parts = new ArrayList<>(image.contents());
                parts.add(TextContent.from(prompt));
                messages.add(UserMessage.from(parts));
            } else {
                messages.add(UserMessage.from(prompt));
            }
            LanguageModel fallback = fallback(ctx, item);
            ChatRequest request = ChatRequest.builder().messages(messages).build();
            String answer =
                    call(ctx, model, fallback, request, item).aiMessage().text();
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

    /** The fallback model on slot 1 when {@code needsFallback} is on (n8n's message when it is missing), else null. */
    private static LanguageModel fallback(NodeContext ctx, int item) {
        double v = ctx.node().typeVersion();
        if (v == 1 || v == 1.1 || v == 1.3 || !ctx.param("needsFallback", item, Boolean.class, false)) {
            return null;
        }
        var models = ctx.attached(ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class);
        if (models.size() < 2) {
            throw io.hetumind.core.spi.NodeException.user(
                    "Please connect a model to the Fallback Model input or disable the fallback option", item);
        }
        return models.get(1).value();
    }

    private static dev.langchain4j.model.chat.response.ChatResponse call(
            NodeContext ctx, LanguageModel model, LanguageModel fallback, ChatRequest request, int item) {
        if (fallback == null) {
            return model.chat(request, item);
        }
        try {
            return model.chat(request, item);
        } catch (RuntimeException e) {
            ctx.log("the model failed (" + e.getMessage() + "); asking the fallback model");
            return fallback.chat(request, item);
        }
    }

    static OutputParser parser(NodeResources ctx, int item) {
        var parsers = ctx.attached(ConnectionTypes.AI_OUTPUT_PARSER, item, OutputParser.class);
        return parsers.isEmpty() ? null : parsers.getFirst().value();
    }

    /**
     * One of the node's chat messages: text as it is (n8n escapes its braces, so nothing in it is a template
     * variable), or for a user message of type {@code imageBinary}/{@code imageUrl} a user message of one image part,
     * as n8n's {@code createImageMessage} makes it.
     */
    private static ChatMessage message(NodeContext ctx, JsonNode m, int index, int item) {
        String where = "parameter 'messages.messageValues." + index + "'";
        String type = m.path("type").asText(SYSTEM);
        String messageType = m.path("messageType").asText(TEXT);
        if (HUMAN.equals(type) && !TEXT.equals(messageType)) {
            return UserMessage.from(image(ctx, m, messageType, where, item));
        }
        String text = m.path("message").asText("");
        if (text.isBlank()) {
            throw NodeException.user(where + ": the message is empty", item);
        }
        return switch (type) {
            case SYSTEM -> SystemMessage.from(text);
            case AI -> AiMessage.from(text);
            case HUMAN -> UserMessage.from(text);
            default -> throw NodeException.user(where + ": unknown message type '" + type + "'", item);
        };
    }

    private static ImageContent image(NodeContext ctx, JsonNode m, String messageType, String where, int item) {
        String detailName = m.path("imageDetail").asText("auto");
        // n8n sends no detail for auto, which OpenAI reads as auto; LangChain4j always sends one
        ImageContent.DetailLevel detail =
                switch (detailName) {
                    case "auto", "" -> ImageContent.DetailLevel.AUTO;
                    case "low" -> ImageContent.DetailLevel.LOW;
                    case "high" -> ImageContent.DetailLevel.HIGH;
                    default ->
                        throw NodeException.user(
                                where + ": image detail '" + detailName + "' is not supported (auto, low, high)", item);
                };
        return switch (messageType) {
            case IMAGE_BINARY -> {
                String key = m.path("binaryImageDataKey").asText("");
                yield ItemImages.read(ctx, item, key.isEmpty() ? "data" : key, detail, where);
            }
            case IMAGE_URL -> {
                String url = m.path("imageUrl").asText("").trim();
                if (url.isEmpty()) {
                    throw NodeException.user(where + ": the image URL is empty", item);
                }
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    throw NodeException.user(where + ": the image URL '" + url + "' is not a URL", item);
                }
                if (uri.getScheme() == null
                        || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    throw NodeException.user(
                            where + ": the image URL '" + url + "' is not an http(s) URL (for a file of the item, use"
                                    + " the message type Image (Binary))",
                            item);
                }
                yield ImageContent.from(uri, detail);
            }
            default ->
                throw NodeException.user(
                        where + ": message type '" + messageType + "' is not supported (text, imageBinary, imageUrl)",
                        item);
        };
    }
}
