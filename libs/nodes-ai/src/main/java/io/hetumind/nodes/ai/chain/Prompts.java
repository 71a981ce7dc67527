package io.hetumind.nodes.ai.chain;

import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeInputs;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;

/** The prompt parameters n8n's chains and agent share ({@code promptType}, {@code text}). */
public final class Prompts {

    public static final String CHAT_INPUT = "={{ $json.chatInput }}";
    public static final String GUARDRAILS_INPUT = "={{ $json.guardrailsInput }}";

    private Prompts() {}

    /** {@code promptType} (auto, define) and the two {@code text} declarations, shown for {@code versions}. */
    public static List<PropertySpec> promptProperties(double... versions) {
        return promptProperties(new double[0], versions);
    }

    /**
     * The prompt parameters of versions whose {@code promptType} also offers n8n's {@code guardrails} (the text of
     * the input field {@code guardrailsInput}, n8n's older "deprecated" list) and of {@code versions} whose list is
     * auto and define only (n8n's newer list).
     */
    public static List<PropertySpec> promptProperties(double[] withGuardrails, double... versions) {
        Object[] gs = java.util.Arrays.stream(withGuardrails).boxed().toArray();
        Object[] vs = java.util.Arrays.stream(versions).boxed().toArray();
        Object[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(gs), java.util.Arrays.stream(vs))
                .toArray();
        List<PropertySpec> out = new java.util.ArrayList<>();
        if (gs.length > 0) {
            out.add(promptType()
                    .option(
                            "guardrails",
                            "Connected Guardrails Node",
                            "Looks for an input field called 'guardrailsInput' that is coming from a directly"
                                    + " connected Guardrails Node")
                    .option("define", "Define below", "Use an expression to reference data in previous nodes")
                    .showWhen(PropertySpec.VERSION, gs)
                    .build());
            out.add(PropertySpec.string("text")
                    .displayName("Prompt (User Message)")
                    .defaultValue(GUARDRAILS_INPUT)
                    .showWhen("promptType", "guardrails")
                    .showWhen(PropertySpec.VERSION, gs)
                    .build());
        }
        if (vs.length > 0) {
            out.add(promptType()
                    .option("define", "Define below", "Use an expression to reference data in previous nodes")
                    .showWhen(PropertySpec.VERSION, vs)
                    .build());
        }
        out.add(PropertySpec.string("text")
                .displayName("Prompt (User Message)")
                .defaultValue(CHAT_INPUT)
                .showWhen("promptType", "auto")
                .showWhen(PropertySpec.VERSION, all)
                .build());
        out.add(PropertySpec.string("text")
                .displayName("Prompt (User Message)")
                .defaultValue("")
                .required()
                .rows(2)
                .showWhen("promptType", "define")
                .showWhen(PropertySpec.VERSION, all)
                .build());
        return out;
    }

    private static PropertySpec.Builder promptType() {
        return PropertySpec.options("promptType")
                .displayName("Source for Prompt (User Message)")
                .defaultValue("auto")
                .option("auto", "Connected Chat Trigger Node", "Looks for an input field called 'chatInput'");
    }

    /** The rendered user prompt of item {@code item}; a user error when it is empty. */
    public static String userPrompt(NodeContext ctx, int item, String legacyParam) {
        String text;
        if (legacyParam != null && ctx.node().typeVersion() < 1.4) {
            text = ctx.param(legacyParam, item, String.class); // absent: the version's default expression
        } else {
            String type = ctx.param("promptType", item, String.class, "auto");
            if ("guardrails".equals(type)) {
                // n8n reads the field whatever the (disabled) text parameter holds
                text = ctx.items().get(item).json().path("guardrailsInput").asText("");
            } else {
                String fallback = "auto".equals(type) ? chatInput(ctx, item) : "";
                text = ctx.param("text", item, String.class, fallback);
            }
        }
        if (text == null || text.isBlank()) {
            throw NodeException.user(
                    "no prompt: the prompt (user message) of '" + ctx.node().name() + "' is empty"
                            + switch (ctx.param("promptType", item, String.class, "define")) {
                                case "auto" -> " (it reads the field 'chatInput' of the input item)";
                                case "guardrails" -> " (it reads the field 'guardrailsInput' of the input item)";
                                default -> "";
                            },
                    item);
        }
        return text;
    }

    private static String chatInput(NodeInputs ctx, int item) {
        var json = ctx.items().get(item).json();
        return json.path("chatInput").asText("");
    }
}
