package io.hetumind.nodes.ai.agent;

import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.chain.Prompts;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;

/**
 * AI Agent (n8n {@code agent}, the tools agent: 1.7–1.9 with {@code agent: toolsAgent}, 2–2.2):
 * per item, a tool-calling loop over the attached chat model, tools and memory, bounded by
 * {@code options.maxIterations}. See {@link AgentLoop}.
 */
public final class AgentNode implements NodeType {

    static final String SYSTEM_MESSAGE = "You are a helpful assistant";

    private static final NodeDescriptor DESCRIPTOR = build();

    private static NodeDescriptor build() {
        var b = NodeDescriptor.builder("hetumind.agent")
                .versions(1.7, 1.8, 1.9, 2, 2.1, 2.2)
                .displayName("AI Agent")
                .description("Generates an action plan and executes it; can use external tools")
                .group(NodeGroup.AI)
                .icon("robot")
                .alias(AiParams.N8N + "agent")
                .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Chat Model"))
                .subInput(SubPort.optional(ConnectionTypes.AI_MEMORY, "Memory"))
                .subInput(SubPort.many(ConnectionTypes.AI_TOOL, "Tool"))
                .subInput(SubPort.optional(ConnectionTypes.AI_OUTPUT_PARSER, "Output Parser")
                        .showWhen("hasOutputParser", true))
                .property(PropertySpec.options("agent")
                        .displayName("Agent")
                        .defaultValue("toolsAgent")
                        .option("toolsAgent", "Tools Agent", "Uses the model's tool calling to run tools")
                        .noExpression()
                        .showWhen(PropertySpec.VERSION, 1.7, 1.8, 1.9));
        Prompts.promptProperties(1.7, 1.8, 1.9, 2, 2.1, 2.2).forEach(b::property);
        return b.property(PropertySpec.bool("hasOutputParser")
                        .displayName("Require Specific Output Format")
                        .defaultValue(false)
                        .noExpression())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .defaultValue(Json.object())
                        .child(PropertySpec.string("systemMessage")
                                .displayName("System Message")
                                .defaultValue(SYSTEM_MESSAGE)
                                .rows(6))
                        .child(PropertySpec.number("maxIterations")
                                .displayName("Max Iterations")
                                .defaultValue(10)
                                .minValue(1)
                                .description("The most model calls the agent makes for one item"))
                        .child(PropertySpec.bool("returnIntermediateSteps")
                                .displayName("Return Intermediate Steps")
                                .defaultValue(false)
                                .description("Whether the output holds the tool calls and their results"))
                        .child(PropertySpec.bool("passthroughBinaryImages")
                                .displayName("Automatically Passthrough Binary Images")
                                .defaultValue(true)
                                .description("Whether the item's image files are sent to the model as images"))
                        .child(PropertySpec.bool("enableStreaming")
                                .displayName("Enable Streaming")
                                .defaultValue(true)
                                .description("Whether this agent will stream the response in real-time as it"
                                        + " generates text (when the trigger's response mode is Streaming)")
                                .showWhen(PropertySpec.VERSION, 2.1, 2.2)))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.run(ctx, item -> new AgentLoop(ctx, item).run());
    }
}
