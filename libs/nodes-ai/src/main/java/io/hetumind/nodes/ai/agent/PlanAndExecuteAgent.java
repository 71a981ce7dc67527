package io.hetumind.nodes.ai.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.ai.chain.Prompts;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import io.hetumind.nodes.ai.tool.AgentTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Plan and Execute Agent of AI Agent 1–1.9 ({@code agent: planAndExecuteAgent}): n8n's
 * {@code planAndExecuteAgentExecute}, LangChain's {@code PlanAndExecuteAgentExecutor}. One planner call (LangChain's
 * planner system prompt with the tools, the input as the human message) whose numbered lines are the steps; the last
 * step is told the original question; then each step runs a {@link ReActAgent#loop} (LangChain's executor defaults:
 * 15 calls) with {@code previous_steps} (the JSON of the steps done so far), {@code current_step} and the scratchpad
 * in the human message ({@code options.humanMessageTemplate}). The answer of the last step is the output. As in n8n
 * the step list belongs to the node's run, so a later item's {@code previous_steps} holds the earlier items' steps.
 */
final class PlanAndExecuteAgent {

    static final String PLANNER_SYSTEM = "Let's first understand the problem and devise a plan to solve the problem."
            + " Please output the plan starting with the header \"Plan:\" followed by a numbered list of steps."
            + " Please make the plan the minimum number of steps required to answer the query or complete the task"
            + " accurately and precisely. You have a set of tools at your disposal to help you with this task:"
            + "  {toolStrings}  You must consider these tools when coming up with your plan. If the task is a"
            + " question, the final step in the plan must be the following: \"Given the above steps taken, please"
            + " respond to the original query.\" At the end of your plan, say \"<END_OF_PLAN>\"";

    static final String HUMAN_MESSAGE_TEMPLATE = "Previous steps: {previous_steps}\n\nCurrent objective: {current_step}"
            + "\n\n{agent_scratchpad}\n\nYou may extract and combine relevant data from your previous steps when"
            + " responding to me.";

    /** LangChain's {@code AgentExecutor} default. */
    static final int STEP_ITERATIONS = 15;

    private final NodeContext ctx;
    private final int item;
    private final ArrayNode done; // the node run's step container: [{action: {text}, result: {response}}]

    PlanAndExecuteAgent(NodeContext ctx, int item, ArrayNode done) {
        this.ctx = ctx;
        this.item = item;
        this.done = done;
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
        Map<String, Attached<AgentTool>> tools =
                ConversationalAgent.singleInputTools(ctx, item, "Plan & Execute Agent");
        String input = Prompts.userPrompt(ctx, item, ctx.node().typeVersion() < 1.3 ? "text" : null);
        if (parser != null) {
            input = input + "\n" + parser.formatInstructions();
        }

        StringBuilder toolLines = new StringBuilder();
        for (var t : tools.values()) {
            ToolSpecification s = t.value().specification();
            toolLines
                    .append(toolLines.isEmpty() ? "" : "\n")
                    .append(s.name())
                    .append(": ")
                    .append(s.description());
        }
        String plannerSystem = ConversationalAgent.render(PLANNER_SYSTEM, Map.of("toolStrings", toolLines.toString()));
        String plan = model.chat(
                        ChatRequest.builder()
                                .messages(List.of(SystemMessage.from(plannerSystem), UserMessage.from(input)))
                                .build(),
                        item)
                .aiMessage()
                .text();
        List<String> steps = steps(plan == null ? "" : plan);
        if (steps.isEmpty()) {
            throw NodeException.user(
                    "Could not create and parse a plan to answer your question - please try again.", item);
        }
        steps.set(steps.size() - 1, steps.getLast() + " The original question was: " + input + ".");

        String system = ReActAgent.systemMessage(tools, ReActAgent.PREFIX, ReActAgent.SUFFIX_CHAT);
        String humanTemplate = ctx.rawParam("options.humanMessageTemplate") == null
                ? HUMAN_MESSAGE_TEMPLATE
                : ctx.param("options.humanMessageTemplate", item, String.class, HUMAN_MESSAGE_TEMPLATE);
        String response = null;
        for (String step : steps) {
            String answer = ReActAgent.loop(
                    ctx,
                    item,
                    model,
                    tools,
                    system,
                    humanTemplate,
                    Map.of("input", input, "previous_steps", done.toString(), "current_step", step),
                    STEP_ITERATIONS,
                    Json.array());
            ObjectNode entry = done.addObject();
            entry.putObject("action").put("text", step);
            entry.putObject("result").put("response", answer);
            response = answer;
        }
        ObjectNode out = Json.object();
        if (parser != null && response != null && !AgentLoop.STOPPED.equals(response)) {
            JsonNode parsed = parser.parse(response, item);
            out.set("output", ctx.node().typeVersion() <= 1.6 ? parsed : parsed.get("output"));
        } else {
            out.put("output", response);
        }
        return out;
    }

    /** LangChain's {@code PlanOutputParser}: the text after each {@code \n1.}, {@code \n2.} … without the end mark. */
    static List<String> steps(String plan) {
        String[] parts = plan.split("\n\\d+\\.\\s?", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            out.add(parts[i].replace("<END_OF_PLAN>", ""));
        }
        return out;
    }
}
