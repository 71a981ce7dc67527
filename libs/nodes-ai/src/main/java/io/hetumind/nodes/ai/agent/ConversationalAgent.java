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
import io.hetumind.nodes.ai.memory.AgentMemory;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import io.hetumind.nodes.ai.tool.AgentTool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Conversational Agent of AI Agent 1–1.9 ({@code agent: conversationalAgent}, the default of 1–1.5): n8n's
 * {@code conversationalAgentExecute}, which runs LangChain's {@code chat-conversational-react-description} agent.
 * Tools are not offered to the model as functions: the human message lists them and asks for a markdown JSON blob
 * {@code {"action", "action_input"}}; {@code "Final Answer"} ends the loop, any other action runs that tool with
 * {@code action_input} as its one text input and the result goes back as a human "TOOL RESPONSE" message. Calls stop
 * at {@code Observation:}. An answer that does not parse is sent once to the same model to be fixed (LangChain's
 * {@code OutputFixingParser}); a second failure fails the item. Tools with more than one input are refused, as n8n's
 * {@code checkForStructuredTools} refuses them.
 */
final class ConversationalAgent {

    /** n8n's default system message for this agent (LangChain's {@code DEFAULT_PREFIX}). */
    static final String SYSTEM_MESSAGE = "Assistant is a large language model trained by OpenAI.\n\n"
            + "Assistant is designed to be able to assist with a wide range of tasks, from answering simple questions"
            + " to providing in-depth explanations and discussions on a wide range of topics. As a language model,"
            + " Assistant is able to generate human-like text based on the input it receives, allowing it to engage"
            + " in natural-sounding conversations and provide responses that are coherent and relevant to the topic"
            + " at hand.\n\n"
            + "Assistant is constantly learning and improving, and its capabilities are constantly evolving. It is"
            + " able to process and understand large amounts of text, and can use this knowledge to provide accurate"
            + " and informative responses to a wide range of questions. Additionally, Assistant is able to generate"
            + " its own text based on the input it receives, allowing it to engage in discussions and provide"
            + " explanations and descriptions on a wide range of topics.\n\n"
            + "Overall, Assistant is a powerful system that can help with a wide range of tasks and provide valuable"
            + " insights and information on a wide range of topics. Whether you need help with a specific question or"
            + " just want to have a conversation about a particular topic, Assistant is here to assist.";

    static final String PREFIX_END =
            " However, above all else, all responses must adhere to the format of RESPONSE FORMAT INSTRUCTIONS.";

    /** n8n's default human message: {tools}, {format_instructions}, and {{input}} for the second rendering. */
    static final String HUMAN_MESSAGE = "TOOLS\n------\nAssistant can ask the user to use tools to look up information"
            + " that may be helpful in answering the users original question. The tools the human can use are:\n\n"
            + "{tools}\n\n{format_instructions}\n\nUSER'S INPUT\n--------------------\nHere is the user's input"
            + " (remember to respond with a markdown code snippet of a json blob with a single action, and NOTHING"
            + " else):\n\n{{input}}";

    /** The response format instructions as a template: {tool_names}; four braces become one after two renderings. */
    static final String FORMAT_INSTRUCTIONS = "RESPONSE FORMAT INSTRUCTIONS\n----------------------------\n\n"
            + "Output a JSON markdown code snippet containing a valid JSON object in one of two formats:\n\n"
            + "**Option 1:**\nUse this if you want the human to use a tool.\n"
            + "Markdown code snippet formatted in the following schema:\n\n"
            + "```json\n{{{{\n    \"action\": string, // The action to take. Must be one of [{tool_names}]\n"
            + "    \"action_input\": string // The input to the action. May be a stringified object.\n}}}}\n```\n\n"
            + "**Option #2:**\nUse this if you want to respond directly and conversationally to the human. Markdown"
            + " code snippet formatted in the following schema:\n\n"
            + "```json\n{{{{\n    \"action\": \"Final Answer\",\n    \"action_input\": string // You should put what"
            + " you want to return to user here and make sure to use valid json newline characters.\n}}}}\n```\n\n"
            + "For both options, remember to always include the surrounding markdown code snippet delimiters (begin"
            + " with \"```json\" and end with \"```\")!\n";

    static final String TOOL_RESPONSE = "TOOL RESPONSE:\n---------------------\n{observation}\n\nUSER'S INPUT\n"
            + "--------------------\n\nOkay, so what is the response to my last comment? If using information"
            + " obtained from the tools you must mention it explicitly without mentioning the tool names - I have"
            + " forgotten all TOOL RESPONSES! Remember to respond with a markdown code snippet of a json blob with a"
            + " single action, and NOTHING else.";

    static final String FIX_PROMPT = "Instructions:\n--------------\n{instructions}\n--------------\nCompletion:\n"
            + "--------------\n{completion}\n--------------\n\nAbove, the Completion did not satisfy the constraints given"
            + " in the Instructions.\nError:\n--------------\n{error}\n--------------\n\nPlease try again. Please only"
            + " respond with an answer that satisfies the constraints laid out in the Instructions:";

    private final NodeContext ctx;
    private final int item;

    ConversationalAgent(NodeContext ctx, int item) {
        this.ctx = ctx;
        this.item = item;
    }

    ObjectNode run() {
        LanguageModel model = ctx.attachedOne(
                        ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                .value();
        List<Attached<AgentMemory>> memories = ctx.attached(ConnectionTypes.AI_MEMORY, item, AgentMemory.class);
        Attached<AgentMemory> memory = memories.isEmpty() ? null : memories.getFirst();
        List<Attached<OutputParser>> parsers =
                ctx.node().typeVersion() < 1.3 || ctx.param("hasOutputParser", item, Boolean.class, false)
                        ? ctx.attached(ConnectionTypes.AI_OUTPUT_PARSER, item, OutputParser.class)
                        : List.of();
        OutputParser parser = parsers.isEmpty() ? null : parsers.getFirst().value();
        Map<String, Attached<AgentTool>> tools = singleInputTools(ctx, item, "Conversational Agent");
        int maxIterations = AiParams.intIn(ctx, "options.maxIterations", item, 10, 1, 1000);
        boolean returnSteps = ctx.param("options.returnIntermediateSteps", item, Boolean.class, false);

        String input = Prompts.userPrompt(ctx, item, ctx.node().typeVersion() < 1.3 ? "text" : null);
        if (parser != null) {
            input = input + "\n" + parser.formatInstructions(); // n8n: '{input}\n{formatInstructions}'
        }
        List<String> names = new ArrayList<>(tools.keySet());
        String toolNames = String.join(", ", names);
        StringBuilder toolLines = new StringBuilder();
        for (var t : tools.values()) {
            ToolSpecification s = t.value().specification();
            toolLines
                    .append(toolLines.isEmpty() ? "" : "\n")
                    .append(s.name())
                    .append(": ")
                    .append(s.description());
        }
        String instructions = render(FORMAT_INSTRUCTIONS, Map.of("tool_names", toolNames)); // the parser's own
        String human = ctx.param("options.humanMessage", item, String.class, HUMAN_MESSAGE);
        String humanTemplate =
                render(human, Map.of("format_instructions", instructions, "tools", toolLines.toString()));
        // this agent's own default, not the tools agent's one the descriptor shows
        String system = (ctx.rawParam("options.systemMessage") == null
                        ? SYSTEM_MESSAGE
                        : ctx.param("options.systemMessage", item, String.class, SYSTEM_MESSAGE))
                + PREFIX_END;

        List<ChatMessage> base = new ArrayList<>();
        base.add(SystemMessage.from(render(system, Map.of())));
        if (memory != null) {
            base.addAll(SubNodeRuns.load(memory, input));
        }
        base.add(UserMessage.from(render(humanTemplate, Map.of("input", input))));

        List<ChatMessage> scratchpad = new ArrayList<>();
        ArrayNode steps = Json.array();
        JsonNode answer = null;
        for (int call = 0; call < maxIterations && answer == null; call++) {
            List<ChatMessage> messages = new ArrayList<>(base);
            messages.addAll(scratchpad);
            String text = ask(model, messages);
            JsonNode action = parseOrFix(model, text, instructions);
            String name = action.path("action").asText("");
            JsonNode actionInput = action.has("action_input") ? action.get("action_input") : Json.F.nullNode();
            if ("Final Answer".equals(name)) {
                answer = actionInput;
                break;
            }
            var tool = tools.get(name);
            String toolInput = actionInput.isTextual() ? actionInput.textValue() : actionInput.toString();
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
            scratchpad.add(AiMessage.from(text));
            scratchpad.add(UserMessage.from(TOOL_RESPONSE.replace("{observation}", observation)));
        }
        ObjectNode out = Json.object();
        if (answer == null) {
            ctx.log("stopped after " + maxIterations + " model calls (options.maxIterations)");
            answer = Json.F.textNode(AgentLoop.STOPPED);
        }
        String answerText = answer.isTextual() ? answer.textValue() : answer.toString();
        if (parser != null && !AgentLoop.STOPPED.equals(answerText)) {
            JsonNode parsed = parser.parse(answerText, item);
            // n8n's extractParsedOutput: up to 1.6 the parser's whole result, later its output
            out.set("output", ctx.node().typeVersion() <= 1.6 ? parsed : parsed.get("output"));
        } else {
            out.set("output", answer);
        }
        if (memory != null) {
            SubNodeRuns.save(memory, input, answerText);
        }
        if (returnSteps) {
            out.set("intermediateSteps", steps);
        }
        return out;
    }

    private String ask(LanguageModel model, List<ChatMessage> messages) {
        AiMessage ai = model.chat(
                        ChatRequest.builder()
                                .messages(messages)
                                .stopSequences(List.of("Observation:"))
                                .build(),
                        item)
                .aiMessage();
        return ai.text() == null ? "" : ai.text();
    }

    /** The model's action, or, when it does not parse, the action of the model's fixed answer. */
    private JsonNode parseOrFix(LanguageModel model, String text, String instructions) {
        try {
            return parse(text);
        } catch (IllegalArgumentException first) {
            ctx.log("the answer is not an action blob (" + first.getMessage() + "); asking the model to fix it");
            String prompt = FIX_PROMPT
                    .replace("{instructions}", instructions)
                    .replace("{completion}", text)
                    .replace("{error}", first.getMessage());
            String fixed = model.chat(
                            ChatRequest.builder()
                                    .messages(List.of(UserMessage.from(prompt)))
                                    .build(),
                            item)
                    .aiMessage()
                    .text();
            try {
                return parse(fixed == null ? "" : fixed);
            } catch (IllegalArgumentException second) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "' (Conversational Agent): the model's answer is not an action"
                                + " even after a fix: " + second.getMessage(),
                        item);
            }
        }
    }

    /** LangChain's chat-conversational parser: the JSON of a ```json block (or the whole text) with an action. */
    static JsonNode parse(String text) {
        String json = text.trim();
        if (json.contains("```")) {
            String fence = json.contains("```json") ? "```json" : "```";
            int first = json.indexOf(fence);
            if (json.indexOf("action_input") > first) {
                json = json.substring(first + fence.length()).stripLeading();
                int last = json.lastIndexOf("```");
                if (last != -1) {
                    json = json.substring(0, last).stripTrailing();
                }
            }
        }
        JsonNode tree;
        try {
            tree = Json.reader().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("Failed to parse. Text: \"" + text + "\". Error: SyntaxError: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                            ? j.getOriginalMessage()
                            : e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(
                    "Failed to parse. Text: \"" + text + "\". Error: the answer is not a JSON object");
        }
        return tree;
    }

    /** The attached tools by name; a node error when one takes more than one text input (n8n's structured tools). */
    static Map<String, Attached<AgentTool>> singleInputTools(NodeContext ctx, int item, String agent) {
        Map<String, Attached<AgentTool>> byName = new LinkedHashMap<>();
        List<String> structured = new ArrayList<>();
        for (var t : ctx.attached(ConnectionTypes.AI_TOOL, item, AgentTool.class)) {
            ToolSpecification s = t.value().specification();
            var params = s.parameters();
            boolean single = params == null
                    || params.properties().isEmpty()
                    || (params.properties().size() == 1 && params.properties().containsKey("input"));
            if (!single) {
                structured.add("\"" + s.name() + "\"");
            }
            if (byName.putIfAbsent(s.name(), t) != null) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "' has two tools named '" + s.name() + "' (rename '" + t.nodeName()
                                + "')",
                        item);
            }
        }
        if (!structured.isEmpty()) {
            throw NodeException.user(
                    "The selected tools are not supported by \"" + agent + "\", please use \"Tools Agent\" instead"
                            + " (incompatible connected tools: " + String.join(", ", structured) + ")",
                    item);
        }
        return byName;
    }

    /**
     * LangChain's f-string rendering: {@code {name}} is the variable's value (text put in is not read again),
     * {@code {{} and {@code }}} are single braces; a name without a value stays as it is.
     */
    static String render(String template, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.startsWith("{{", i)) {
                out.append('{');
                i += 2;
            } else if (c == '}' && template.startsWith("}}", i)) {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                String name = end < 0 ? null : template.substring(i + 1, end);
                if (name != null && vars.containsKey(name)) {
                    out.append(vars.get(name));
                    i = end + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
