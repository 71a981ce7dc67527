package io.hetumind.nodes.ai.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.trigger.ChunkSink;
import io.hetumind.core.spi.trigger.ChunkSink.Chunk;
import io.hetumind.nodes.ai.chain.Prompts;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.memory.AgentMemory;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import io.hetumind.nodes.ai.tool.ToolSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent run for one item: system message (plus the parser's format instructions), the
 * memory's history, the user prompt (followed by the item's images, {@link ImageMessages}); then model call → tool calls → tool results → model call …
 * until the model answers without calling a tool or {@code maxIterations} model calls were made
 * (then the answer is "Agent stopped due to max iterations.", as LangChain's executor says).
 * A tool that fails tells the model so, and the loop goes on. The exchange is saved to memory.
 *
 * <p>When the run answers a request chunk by chunk (a per-run {@link ChunkSink}) and {@code options.enableStreaming}
 * is on (2.1+, n8n's default), the item's answer is streamed as n8n's agent does: {@code begin}, the text of each model
 * answer as it comes (tool-call arguments are not text and are not sent), {@code end}. Not with an output parser:
 * what would stream is the raw text the parser has yet to read.
 */
final class AgentLoop {

    static final String STOPPED = "Agent stopped due to max iterations.";

    /** n8n's tool for a structured final answer, offered when an output parser is attached. */
    static final String FORMAT_TOOL = "format_final_json_response";

    static final String FORMAT_TOOL_DESCRIPTION = "Use this tool to format your final response to the user in a"
            + " structured JSON format. This tool validates your output against a schema to ensure it meets the"
            + " required format. ONLY use this tool when you have completed all necessary reasoning and are ready to"
            + " provide your final answer. Do not use this tool for intermediate steps or for asking questions. The"
            + " output from this tool will be directly returned to the user.";

    static final String FORMATTING_INSTRUCTIONS = "IMPORTANT: For your response to user, you MUST use the"
            + " `format_final_json_response` tool with your complete answer formatted according to the required"
            + " schema. Do not attempt to format the JSON manually - always use this tool. Your response will be"
            + " rejected if it is not properly formatted through this tool. Only use this tool once you are ready to"
            + " provide your final answer.";

    private final NodeContext ctx;
    private final int item;

    AgentLoop(NodeContext ctx, int item) {
        this.ctx = ctx;
        this.item = item;
    }

    ObjectNode run() {
        LanguageModel model = ctx.attachedOne(
                        ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                .value();
        LanguageModel fallback = fallbackModel();
        List<Attached<AgentMemory>> memories = ctx.attached(ConnectionTypes.AI_MEMORY, item, AgentMemory.class);
        Attached<AgentMemory> memory = memories.isEmpty() ? null : memories.getFirst();
        // n8n hides hasOutputParser before 1.3 and then uses a connected parser
        List<Attached<OutputParser>> parsers =
                ctx.node().typeVersion() < 1.3 || ctx.param("hasOutputParser", item, Boolean.class, false)
                        ? ctx.attached(ConnectionTypes.AI_OUTPUT_PARSER, item, OutputParser.class)
                        : List.of();
        OutputParser parser = parsers.isEmpty() ? null : parsers.getFirst().value();
        Map<String, Attached<io.hetumind.nodes.ai.tool.AgentTool>> tools = tools();
        int maxIterations = AiParams.intIn(ctx, "options.maxIterations", item, 10, 1, 1000);
        boolean returnSteps = ctx.param("options.returnIntermediateSteps", item, Boolean.class, false);

        String prompt = Prompts.userPrompt(ctx, item, ctx.node().typeVersion() < 1.3 ? "text" : null);
        List<ChatMessage> messages = new ArrayList<>();
        String system = systemMessage(parser != null);
        if (system != null) {
            messages.add(SystemMessage.from(system));
        }
        if (memory != null) {
            messages.addAll(SubNodeRuns.load(memory, prompt));
        }
        messages.add(UserMessage.from(prompt));
        if (ctx.param("options.passthroughBinaryImages", item, Boolean.class, true)) {
            UserMessage images = ImageMessages.of(ctx, item);
            if (images != null) {
                messages.add(images);
            }
        }
        List<ToolSpecification> specs = new ArrayList<>(
                tools.values().stream().map(t -> t.value().specification()).toList());
        if (parser != null) {
            specs.add(ToolSchemas.fromSchema(FORMAT_TOOL, FORMAT_TOOL_DESCRIPTION, parser.answerSchema()));
        }

        ChunkSink sink = parser == null ? sink() : null;
        java.util.function.Consumer<String> onText = null;
        if (sink != null) {
            sink.send(Chunk.of(ChunkSink.Type.BEGIN, ctx.node(), ctx.runIndex(), item, null));
            onText = text -> sink.send(Chunk.of(ChunkSink.Type.ITEM, ctx.node(), ctx.runIndex(), item, text));
        }
        ArrayNode steps = Json.array();
        String answer = null;
        JsonNode parsed = null;
        for (int call = 0; call < maxIterations && answer == null; call++) {
            ChatRequest.Builder request = ChatRequest.builder().messages(messages);
            if (!specs.isEmpty()) {
                request.toolSpecifications(specs);
            }
            AiMessage ai = chat(model, fallback, request.build(), onText);
            messages.add(ai);
            if (!ai.hasToolExecutionRequests()) {
                answer = ai.text() == null ? "" : ai.text();
                if (parser != null) {
                    parsed = parser.parse(finalAnswerForParser(answer), item);
                }
                break;
            }
            var format = parser == null
                    ? null
                    : ai.toolExecutionRequests().stream()
                            .filter(r -> FORMAT_TOOL.equals(r.name()))
                            .findFirst()
                            .orElse(null);
            if (format != null) {
                // n8n's agent steps parser: the call ends the agent, its arguments are the answer (other calls of
                // the same message are not run)
                String args = format.arguments() == null || format.arguments().isBlank() ? "{}" : format.arguments();
                parsed = parser.parse(args, item);
                answer = parsed.toString();
                break;
            }
            for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                String result = runTool(tools, r);
                messages.add(ToolExecutionResultMessage.from(r, result));
                ObjectNode step = steps.addObject();
                step.putObject("action")
                        .put("tool", r.name())
                        .put("toolInput", r.arguments())
                        .put("toolCallId", r.id());
                step.put("observation", result);
            }
        }
        if (answer == null && ctx.node().typeVersion() >= 3) {
            // n8n's v3 agent runs its tools through the engine and fails when the rounds run out
            throw NodeException.user(
                    "Max iterations (" + maxIterations + ") reached. The agent could not complete the task within"
                            + " the allowed number of iterations.",
                    item);
        }
        if (answer == null) {
            ctx.log("stopped after " + maxIterations + " model calls (options.maxIterations)");
            answer = STOPPED;
            if (onText != null) {
                onText.accept(STOPPED);
            }
        } else if (onText != null && !model.streams() && !answer.isEmpty()) {
            onText.accept(answer); // a model without streaming answers in one piece
        }
        if (sink != null) {
            sink.send(Chunk.of(ChunkSink.Type.END, ctx.node(), ctx.runIndex(), item, null));
        }
        ObjectNode out = Json.object();
        if (parsed != null) {
            out.set("output", parsed.get("output"));
            answer = parsed.toString(); // what n8n's memory keeps: JSON.stringify of the parsed answer
        } else {
            out.put("output", answer);
        }
        if (memory != null) {
            SubNodeRuns.save(memory, prompt, answer);
        }
        // v3 adds the steps only when there were some; v1 and v2 (LangChain's executor) always
        if (returnSteps && (ctx.node().typeVersion() < 3 || !steps.isEmpty())) {
            out.set("intermediateSteps", steps);
        }
        return out;
    }

    /**
     * The fallback model (2.1+ with {@code needsFallback}, n8n's slot 1 of the model input), or null. Switched on
     * without one is n8n's error; switched off with two attached, the second is not used.
     */
    private LanguageModel fallbackModel() {
        if (ctx.node().typeVersion() < 2.1 || !ctx.param("needsFallback", item, Boolean.class, false)) {
            return null;
        }
        var models = ctx.attached(ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class);
        if (models.size() < 2) {
            throw NodeException.user(
                    "Please connect a model to the Fallback Model input or disable the fallback option", item);
        }
        return models.get(1).value();
    }

    /**
     * One model call; when it fails and there is a fallback model, the same request to that one (n8n's
     * {@code withFallbacks} on each agent step). Text already streamed by the failed call stays sent.
     */
    private AiMessage chat(
            LanguageModel model,
            LanguageModel fallback,
            ChatRequest request,
            java.util.function.Consumer<String> onText) {
        if (fallback == null) {
            return model.chat(request, item, onText).aiMessage();
        }
        try {
            return model.chat(request, item, onText).aiMessage();
        } catch (RuntimeException e) {
            ctx.log("the chat model failed (" + e.getMessage() + "); asking the fallback model");
            return fallback.chat(request, item, onText).aiMessage();
        }
    }

    /**
     * n8n's {@code prepareMessages}: before 1.9 the system message is the option or its default; from 1.9 only an
     * option that is set (an empty one sends none). With an output parser the formatting instructions follow it, or
     * stand alone when there is none.
     */
    private String systemMessage(boolean withParser) {
        boolean set = ctx.rawParam("options.systemMessage") != null;
        String text = set
                ? ctx.param("options.systemMessage", item, String.class, AgentNode.SYSTEM_MESSAGE)
                : AgentNode.SYSTEM_MESSAGE;
        boolean use = set ? text != null && !text.isEmpty() : ctx.node().typeVersion() < 1.9;
        if (use) {
            return withParser ? text + "\n\n" + FORMATTING_INSTRUCTIONS : text;
        }
        return withParser ? FORMATTING_INSTRUCTIONS : null;
    }

    /**
     * A plain answer under a parser, as n8n's steps parser hands it over: JSON that is an object of {@code output}
     * alone as it is, other JSON wrapped in {@code {output: …}}, text that is no JSON as it is.
     */
    private static String finalAnswerForParser(String answer) {
        try {
            JsonNode v = Json.reader().readTree(answer);
            if (v == null || v.isMissingNode()) {
                return answer;
            }
            if (v.isObject() && v.size() == 1 && v.has("output")) {
                return v.toString();
            }
            return Json.object().set("output", v).toString();
        } catch (Exception e) {
            return answer;
        }
    }

    /** The run's chunk sink when this agent streams (n8n: version 2.1+, {@code enableStreaming} on by default). */
    private ChunkSink sink() {
        if (ctx.node().typeVersion() < 2.1 || !ctx.param("options.enableStreaming", item, Boolean.class, true)) {
            return null;
        }
        return ctx.service(ChunkSink.class).orElse(null);
    }

    private Map<String, Attached<io.hetumind.nodes.ai.tool.AgentTool>> tools() {
        Map<String, Attached<io.hetumind.nodes.ai.tool.AgentTool>> byName = new LinkedHashMap<>();
        for (var t : ctx.attached(ConnectionTypes.AI_TOOL, item, io.hetumind.nodes.ai.tool.AgentTool.class)) {
            String name = t.value().specification().name();
            if (byName.putIfAbsent(name, t) != null) {
                throw NodeException.user(
                        "'" + ctx.node().name() + "' has two tools named '" + name + "' (rename '" + t.nodeName()
                                + "')",
                        item);
            }
        }
        return byName;
    }

    private String runTool(Map<String, Attached<io.hetumind.nodes.ai.tool.AgentTool>> tools, ToolExecutionRequest r) {
        var tool = tools.get(r.name());
        if (tool == null) {
            ctx.log("the model called an unknown tool '" + r.name() + "'");
            return "There was an error: \"" + r.name() + " is not a valid tool, try one of ["
                    + String.join(", ", tools.keySet()) + "].\"";
        }
        return SubNodeRuns.run(tool, r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments(), item);
    }
}
