package io.hetumind.nodes.ai.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.chain.Prompts;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AI Agent (n8n {@code agent} 1–1.9, 2–2.2, 3, 3.1): per item, a tool-calling loop over the attached chat model,
 * tools and memory, bounded by {@code options.maxIterations}. See {@link AgentLoop}. Versions 1–1.9 choose an agent
 * type ({@code agent}); the tools, Conversational, ReAct and Plan and Execute agents are built here, the others are
 * refused by {@link #unsupported} naming the
 * versions that offer them, but the Conversational ({@link ConversationalAgent}), ReAct ({@link ReActAgent}) and Plan and
 * Execute ({@link PlanAndExecuteAgent}) agents.
 */
public final class AgentNode implements NodeType {

    static final String SYSTEM_MESSAGE = "You are a helpful assistant";

    /** n8n's agent types of versions 1–1.9 that are not built here, and the versions whose form offers each. */
    static final Map<String, String> NOT_BUILT = new LinkedHashMap<>();

    static {
        NOT_BUILT.put("openAiFunctionsAgent", "OpenAI Functions Agent, AI Agent 1–1.9");
        NOT_BUILT.put("sqlAgent", "SQL Agent, AI Agent 1–1.9");
    }

    static final Object[] FALLBACK_VERSIONS = {2.1, 2.2, 3.0, 3.1};

    static final Object[] V1_VERSIONS = {1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9};

    private static final NodeDescriptor DESCRIPTOR = build();

    private static PropertySpec.Builder agentType(String defaultValue) {
        var b = PropertySpec.options("agent").displayName("Agent").defaultValue(defaultValue);
        b.option("toolsAgent", "Tools Agent", "Uses the model's tool calling to run tools");
        b.option(
                "conversationalAgent",
                "Conversational Agent",
                "Describes tools in the prompt and reads the model's JSON answers (LangChain's chat-conversational"
                        + " agent)");
        b.option("openAiFunctionsAgent", "OpenAI Functions Agent", "Not built in Hetumind: use the Tools Agent");
        b.option("planAndExecuteAgent", "Plan and Execute Agent", "Plans the steps first, then runs each with tools");
        b.option("reActAgent", "ReAct Agent", "Reasons and acts in text, tools named in a JSON blob");
        b.option("sqlAgent", "SQL Agent", "Not built in Hetumind: use the Tools Agent");
        return b.noExpression();
    }

    private static NodeDescriptor build() {
        var b = NodeDescriptor.builder("hetumind.agent")
                .versions(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.1, 2.2, 3, 3.1)
                .displayName("AI Agent")
                .description("Generates an action plan and executes it; can use external tools")
                .group(NodeGroup.AI)
                .icon("robot")
                .alias(AiParams.N8N + "agent")
                // slot 0 the model; slot 1 the fallback model of 2.1+ with needsFallback (n8n shows that slot only
                // then;
                // a second model without it is not used, as n8n asks for slot 0 alone)
                .subInput(new SubPort(ConnectionTypes.AI_LANGUAGE_MODEL, "Chat Model", true, 2, null))
                .subInput(SubPort.optional(ConnectionTypes.AI_MEMORY, "Memory"))
                .subInput(SubPort.many(ConnectionTypes.AI_TOOL, "Tool"))
                .subInput(SubPort.optional(ConnectionTypes.AI_OUTPUT_PARSER, "Output Parser")
                        .showWhen("hasOutputParser", true))
                // n8n: 1–1.5 default to the Conversational Agent (and do not list the tools agent), 1.6+ to the
                // tools agent (1.8+ keep it as a hidden parameter)
                .property(agentType("conversationalAgent").showWhen(PropertySpec.VERSION, 1, 1.1, 1.2, 1.3, 1.4, 1.5))
                .property(agentType("toolsAgent").showWhen(PropertySpec.VERSION, 1.6, 1.7, 1.8, 1.9))
                .property(PropertySpec.string("text")
                        .displayName("Text")
                        .defaultValue("={{ $json.input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1))
                .property(PropertySpec.string("text")
                        .displayName("Text")
                        .defaultValue("={{ $json.chat_input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.1))
                .property(PropertySpec.string("text")
                        .displayName("Text")
                        .defaultValue(Prompts.CHAT_INPUT)
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.2));
        Prompts.promptProperties(new double[] {1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.1, 2.2, 3}, 3.1)
                .forEach(b::property);
        return b.property(PropertySpec.bool("hasOutputParser")
                        .displayName("Require Specific Output Format")
                        .defaultValue(false)
                        .noExpression())
                .property(PropertySpec.bool("needsFallback")
                        .displayName("Enable Fallback Model")
                        .defaultValue(false)
                        .description("Connect a second chat model, used when the first one fails")
                        .noExpression()
                        .showWhen(PropertySpec.VERSION, FALLBACK_VERSIONS))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .defaultValue(Json.object())
                        .child(PropertySpec.string("humanMessage")
                                .displayName("Human Message")
                                .defaultValue(ConversationalAgent.HUMAN_MESSAGE)
                                .rows(6)
                                .description("The Conversational Agent's human message: {tools},"
                                        + " {format_instructions} and {{input}} are filled in")
                                .showWhen(PropertySpec.VERSION, V1_VERSIONS))
                        .child(PropertySpec.string("humanMessageTemplate")
                                .displayName("Human Message Template")
                                .defaultValue(ReActAgent.HUMAN_MESSAGE_TEMPLATE)
                                .description("The ReAct Agent's human message: {input} and {agent_scratchpad}")
                                .showWhen(PropertySpec.VERSION, V1_VERSIONS))
                        .child(PropertySpec.string("prefix")
                                .displayName("Prefix Message")
                                .defaultValue(ReActAgent.PREFIX)
                                .showWhen(PropertySpec.VERSION, V1_VERSIONS))
                        .child(PropertySpec.string("suffixChat")
                                .displayName("Suffix Message for Chat Model")
                                .defaultValue(ReActAgent.SUFFIX_CHAT)
                                .showWhen(PropertySpec.VERSION, V1_VERSIONS))
                        .child(PropertySpec.string("suffix")
                                .displayName("Suffix Message for Regular Model")
                                .defaultValue(ReActAgent.SUFFIX)
                                .description("Not used: every model here is a chat model")
                                .showWhen(PropertySpec.VERSION, V1_VERSIONS))
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
                                .showWhen(PropertySpec.VERSION, 2.1, 2.2, 3, 3.1)))
                .build();
    }

    /** The agent type of versions 1–1.9 when it is one not built here: a problem naming it and its versions. */
    @Override
    public List<String> unsupported(Node node) {
        if (node.typeVersion() >= 2) {
            return List.of();
        }
        String type = agentType(node);
        String which = NOT_BUILT.get(type);
        return which == null ? List.of() : List.of(notBuilt(type, which));
    }

    static String agentType(Node node) {
        JsonNode v = node.parameters() == null ? null : node.parameters().get("agent");
        return v != null && v.isTextual()
                ? v.textValue()
                : node.typeVersion() <= 1.5 ? "conversationalAgent" : "toolsAgent";
    }

    static String notBuilt(String type, String which) {
        return "agent type '" + type + "' (" + which + ") is not supported by Hetumind yet; 'toolsAgent' (Tools"
                + " Agent), 'conversationalAgent', 'reActAgent' and 'planAndExecuteAgent' run here: choose one on the node, or"
                + " use AI Agent 3.1";
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        if (ctx.node().typeVersion() < 2) {
            String type = agentType(ctx.node());
            if (NOT_BUILT.containsKey(type)) {
                throw NodeException.user(notBuilt(type, NOT_BUILT.get(type)));
            }
            if ("conversationalAgent".equals(type)) {
                return PerItem.run(ctx, item -> new ConversationalAgent(ctx, item).run());
            }
            if ("reActAgent".equals(type)) {
                return PerItem.run(ctx, item -> new ReActAgent(ctx, item).run());
            }
            if ("planAndExecuteAgent".equals(type)) {
                var done = Json.array(); // one step list for the node's run, as n8n's executor keeps it
                return PerItem.run(ctx, item -> new PlanAndExecuteAgent(ctx, item, done).run());
            }
        }
        return PerItem.run(ctx, item -> new AgentLoop(ctx, item).run());
    }
}
