package io.hetumind.nodes.ai.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.ai.chain.Prompts;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import io.hetumind.nodes.ai.tool.AgentTool;
import java.util.List;
import java.util.Map;

/**
 * The ReAct Agent of AI Agent 1–1.9 ({@code agent: reActAgent}): n8n's {@code reActAgentAgentExecute} with a chat
 * model, i.e. LangChain's {@code ChatAgent} ({@code chat-zero-shot-react-description}). One system message (prefix,
 * {@code name: description} tool lines, LangChain's $JSON_BLOB format instructions, the chat suffix) and one human
 * message ({@code {input}} and the scratchpad of earlier Thought/Action/Observation text); calls stop at
 * {@code Observation:}. An answer holding {@code Final Answer:}, or no {@code "action":}, ends the loop with the text
 * after the last {@code Final Answer:}; otherwise the JSON blob (inside ``` when fenced) names the tool. A blob that
 * does not parse fails the item, as LangChain's executor does without {@code handleParsingErrors}. No memory, as in
 * n8n. Tools with more than one input are refused.
 */
final class ReActAgent {

    static final String PREFIX =
            "Answer the following questions as best you can. You have access to the following tools:";
    static final String SUFFIX_CHAT =
            "Begin! Reminder to always use the exact characters `Final Answer` when responding.";
    static final String SUFFIX = "Begin!\n\n\tQuestion: {input}\n\tThought:{agent_scratchpad}";
    static final String HUMAN_MESSAGE_TEMPLATE = "{input}\n\n{agent_scratchpad}";

    /** LangChain's chat agent format instructions (a template: {@code {{}} are braces). */
    static final String FORMAT_INSTRUCTIONS = "The way you use the tools is by specifying a json blob, denoted below by"
            + " $JSON_BLOB\nSpecifically, this $JSON_BLOB should have a \"action\" key (with the name of the tool to"
            + " use) and a \"action_input\" key (with the input to the tool going here). \nThe $JSON_BLOB should only"
            + " contain a SINGLE action, do NOT return a list of multiple actions. Here is an example of a valid"
            + " $JSON_BLOB:\n\n```\n{{\n  \"action\": \"calculator\",\n  \"action_input\": \"1 + 2\"\n}}\n```\n\n"
            + "ALWAYS use the following format:\n\nQuestion: the input question you must answer\nThought: you should"
            + " always think about what to do\nAction: \n```\n$JSON_BLOB\n```\nObservation: the result of the action\n"
            + "... (this Thought/Action/Observation can repeat N times)\nThought: I now know the final answer\n"
            + "Final Answer: the final answer to the original input question";

    static final String PREVIOUS_WORK =
            "This was your previous work (but I haven't seen any of it! I only see what you return as final answer):\n";

    private final NodeContext ctx;
    private final int item;

    ReActAgent(NodeContext ctx, int item) {
        this.ctx = ctx;
        this.item = item;
    }

    ObjectNode run() {
        LanguageModel model = ctx.attachedOne(
                        ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                .value();
        List<Attached<OutputParser>> parsers =
                ctx.node().typeVersion() < 1.3 || ctx.param("hasOutputParser", item, Boolean.class, false)
                        ? ctx.attached(ConnectionTypes.AI_OUTPUT_PARSER, item, OutputParser.class)
                        : List.of();
        OutputParser parser = parsers.isEmpty() ? null : parsers.getFirst().value();
        Map<String, Attached<AgentTool>> tools = ConversationalAgent.singleInputTools(ctx, item, "ReAct Agent");
        int maxIterations = AiParams.intIn(ctx, "options.maxIterations", item, 10, 1, 1000);
        boolean returnSteps = ctx.param("options.returnIntermediateSteps", item, Boolean.class, false);

        String input = Prompts.userPrompt(ctx, item, ctx.node().typeVersion() < 1.3 ? "text" : null);
        if (parser != null) {
            input = input + "\n" + parser.formatInstructions();
        }
        String system =
                systemMessage(tools, option("options.prefix", PREFIX), option("options.suffixChat", SUFFIX_CHAT));
        String humanTemplate = option("options.humanMessageTemplate", HUMAN_MESSAGE_TEMPLATE);
        ArrayNode steps = Json.array();
        String answer =
                loop(ctx, item, model, tools, system, humanTemplate, Map.of("input", input), maxIterations, steps);
        ObjectNode out = Json.object();
        if (parser != null && !AgentLoop.STOPPED.equals(answer)) {
            JsonNode parsed = parser.parse(answer, item);
            out.set("output", ctx.node().typeVersion() <= 1.6 ? parsed : parsed.get("output"));
        } else {
            out.put("output", answer);
        }
        if (returnSteps) {
            out.set("intermediateSteps", steps);
        }
        return out;
    }

    /** LangChain's chat agent system message: prefix, the tools' {@code name: description} lines, instructions, suffix. */
    static String systemMessage(Map<String, Attached<AgentTool>> tools, String prefix, String suffix) {
        StringBuilder toolLines = new StringBuilder();
        for (var t : tools.values()) {
            ToolSpecification s = t.value().specification();
            toolLines
                    .append(toolLines.isEmpty() ? "" : "\n")
                    .append(s.name())
                    .append(": ")
                    .append(s.description());
        }
        return ConversationalAgent.render(
                String.join("\n\n", prefix, toolLines.toString(), FORMAT_INSTRUCTIONS, suffix), Map.of());
    }

    /**
     * LangChain's {@code AgentExecutor} over a {@code ChatAgent}: model calls (stop at {@code Observation:}) until a
     * final answer or {@code maxIterations} calls ({@link AgentLoop#STOPPED}); {@code vars} fill the human template
     * beside {@code agent_scratchpad}. Each tool round is added to {@code steps}.
     */
    static String loop(
            NodeContext ctx,
            int item,
            LanguageModel model,
            Map<String, Attached<AgentTool>> tools,
            String system,
            String humanTemplate,
            Map<String, String> vars,
            int maxIterations,
            ArrayNode steps) {
        SystemMessage systemMessage = SystemMessage.from(system);
        StringBuilder scratch = new StringBuilder();
        for (int call = 0; call < maxIterations; call++) {
            Map<String, String> values = new java.util.HashMap<>(vars);
            values.put("agent_scratchpad", scratch.isEmpty() ? "" : PREVIOUS_WORK + scratch);
            List<ChatMessage> messages =
                    List.of(systemMessage, UserMessage.from(ConversationalAgent.render(humanTemplate, values)));
            AiMessage ai = model.chat(
                            ChatRequest.builder()
                                    .messages(messages)
                                    .stopSequences(List.of("Observation:"))
                                    .build(),
                            item)
                    .aiMessage();
            String text = ai.text() == null ? "" : ai.text();
            if (text.contains("Final Answer:") || !text.contains("\"action\":")) {
                String[] parts = text.split("Final Answer:", -1);
                return parts[parts.length - 1].trim();
            }
            JsonNode action = blob(ctx, item, text);
            String name = action.path("action").asText("");
            JsonNode actionInput = action.has("action_input") ? action.get("action_input") : Json.F.nullNode();
            String toolInput = actionInput.isTextual() ? actionInput.textValue() : actionInput.toString();
            var tool = tools.get(name);
            String observation = tool == null
                    ? name + " is not a valid tool, try another one."
                    : SubNodeRuns.run(
                            tool, Json.object().put("input", toolInput).toString(), item);
            ObjectNode step = steps.addObject();
            step.putObject("action")
                    .put("tool", name)
                    .put("toolInput", toolInput)
                    .put("log", text);
            step.put("observation", observation);
            scratch.append(text).append("\nObservation: ").append(observation).append("\nThought:");
        }
        ctx.log("stopped after " + maxIterations + " model calls");
        return AgentLoop.STOPPED;
    }

    private String option(String path, String fallback) {
        return ctx.rawParam(path) == null ? fallback : ctx.param(path, item, String.class, fallback);
    }

    /** The action blob: the text between the first two ``` fences (```json counts) or the whole text. */
    private static JsonNode blob(NodeContext ctx, int item, String text) {
        String json = text.trim();
        if (text.contains("```")) {
            String[] parts = json.split("```(?:json)?", -1);
            json = parts.length > 1 ? parts[1] : "";
        }
        try {
            JsonNode tree = Json.reader().readTree(json.trim());
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (Exception e) {
            // below
        }
        throw NodeException.user(
                "'" + ctx.node().name() + "' (ReAct Agent): Unable to parse JSON response from chat agent.\n\n" + text,
                item);
    }
}
