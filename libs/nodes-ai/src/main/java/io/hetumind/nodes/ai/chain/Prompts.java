package io.hetumind.nodes.ai.chain;

import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeInputs;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;

/** The prompt parameters n8n's chains and agent share ({@code promptType}, {@code text}). */
public final class Prompts {

    public static final String CHAT_INPUT = "={{ $json.chatInput }}";

    private Prompts() {}

    /** {@code promptType} and the two {@code text} declarations, shown from {@code fromVersion} on. */
    public static List<PropertySpec> promptProperties(double... versions) {
        Object[] vs = java.util.Arrays.stream(versions).boxed().toArray();
        return List.of(
                PropertySpec.options("promptType")
                        .displayName("Source for Prompt (User Message)")
                        .defaultValue("auto")
                        .option("auto", "Connected Chat Trigger Node", "Looks for an input field called 'chatInput'")
                        .option("define", "Define below", "Use an expression to reference data in previous nodes")
                        .showWhen(PropertySpec.VERSION, vs)
                        .build(),
                PropertySpec.string("text")
                        .displayName("Prompt (User Message)")
                        .defaultValue(CHAT_INPUT)
                        .showWhen("promptType", "auto")
                        .showWhen(PropertySpec.VERSION, vs)
                        .build(),
                PropertySpec.string("text")
                        .displayName("Prompt (User Message)")
                        .defaultValue("")
                        .required()
                        .rows(2)
                        .showWhen("promptType", "define")
                        .showWhen(PropertySpec.VERSION, vs)
                        .build());
    }

    /** The rendered user prompt of item {@code item}; a user error when it is empty. */
    public static String userPrompt(NodeContext ctx, int item, String legacyParam) {
        String text;
        if (legacyParam != null && ctx.node().typeVersion() < 1.4) {
            text = ctx.param(legacyParam, item, String.class, "");
        } else {
            String type = ctx.param("promptType", item, String.class, "auto");
            String fallback = "auto".equals(type) ? chatInput(ctx, item) : "";
            text = ctx.param("text", item, String.class, fallback);
        }
        if (text == null || text.isBlank()) {
            throw NodeException.user(
                    "no prompt: the prompt (user message) of '" + ctx.node().name() + "' is empty"
                            + ("auto".equals(ctx.param("promptType", item, String.class, "define"))
                                    ? " (it reads the field 'chatInput' of the input item)"
                                    : ""),
                    item);
        }
        return text;
    }

    private static String chatInput(NodeInputs ctx, int item) {
        var json = ctx.items().get(item).json();
        return json.path("chatInput").asText("");
    }
}
