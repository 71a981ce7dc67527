package io.hetumind.nodes.ai.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.SubNodeCall;
import io.hetumind.nodes.ai.memory.AgentMemory;
import io.hetumind.nodes.ai.tool.AgentTool;
import io.hetumind.nodes.ai.trigger.LangChainMessages;
import java.util.List;

/**
 * The agent's calls of its memory and tools, recorded as runs of those sub-nodes with the items n8n's {@code
 * logWrapper} records: memory {@code loadMemoryVariables} / {@code saveContext} with the chat history, a tool's
 * {@code query} and {@code response}. (Model calls record themselves, {@code LanguageModel}.)
 */
final class SubNodeRuns {

    private SubNodeRuns() {}

    /** The memory's history, recorded as n8n's {@code loadMemoryVariables}. */
    static List<ChatMessage> load(Attached<AgentMemory> memory, String prompt) {
        ObjectNode in = Json.object().put("action", "loadMemoryVariables");
        in.putObject("values").put("input", prompt);
        SubNodeCall call = memory.call(ConnectionTypes.AI_MEMORY, List.of(Item.of(in)));
        try {
            List<ChatMessage> history = memory.value().history();
            ObjectNode out = Json.object().put("action", "loadMemoryVariables");
            out.set("chatHistory", messages(history));
            call.succeeded(List.of(Item.of(out)));
            return history;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    /** Saves the exchange, recorded as n8n's {@code saveContext} with the session's messages afterwards. */
    static void save(Attached<AgentMemory> memory, String prompt, String answer) {
        ObjectNode in = Json.object().put("action", "saveContext");
        in.putObject("input").put("input", prompt);
        in.putObject("output").put("output", answer);
        SubNodeCall call = memory.call(ConnectionTypes.AI_MEMORY, List.of(Item.of(in)));
        try {
            memory.value().save(prompt, answer);
            ObjectNode out = Json.object().put("action", "saveContext");
            out.set("chatHistory", messages(memory.value().all()));
            call.succeeded(List.of(Item.of(out)));
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    /**
     * Runs a tool call, recorded as n8n records a tool's {@code _call}: {@code {query}} in — the model's arguments, or
     * the text of a tool that takes one {@code input} string — and {@code {response}} out. A tool that throws has an
     * error entry (the agent stops, as before); an answer telling the model of a failure is a response.
     */
    static String run(Attached<AgentTool> tool, String argumentsJson, int item) {
        ObjectNode in = Json.object();
        in.set("query", query(argumentsJson));
        SubNodeCall call = tool.call(ConnectionTypes.AI_TOOL, List.of(Item.of(in)));
        try {
            String response = tool.value().execute(argumentsJson, item);
            call.succeeded(List.of(Item.of(Json.object().put("response", response))));
            return response;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }

    private static JsonNode query(String argumentsJson) {
        try {
            JsonNode args = Json.reader().readTree(argumentsJson);
            if (args instanceof ObjectNode o && o.size() == 1 && o.path("input").isTextual()) {
                return o.get("input");
            }
            return args == null ? Json.F.textNode(argumentsJson) : args;
        } catch (JsonProcessingException e) {
            return Json.F.textNode(argumentsJson);
        }
    }

    private static ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode out = Json.array();
        messages.forEach(m -> out.add(LangChainMessages.toJson(m)));
        return out;
    }
}
