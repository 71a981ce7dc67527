package io.hetumind.nodes.ai.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.spi.Json;

/**
 * Chat messages as LangChain JS serialises them ({@code message.toJSON()}), the shape n8n's chat widget reads back
 * from {@code loadPreviousSession}: {@code {lc: 1, type: "constructor", id: [..., "HumanMessage"], kwargs: {content,
 * additional_kwargs, response_metadata}}}.
 */
public final class LangChainMessages {

    private LangChainMessages() {}

    public static ObjectNode toJson(ChatMessage m) {
        String kind;
        String content;
        switch (m) {
            case UserMessage u -> {
                kind = "HumanMessage";
                content = u.hasSingleText() ? u.singleText() : String.valueOf(u.contents());
            }
            case AiMessage a -> {
                kind = "AIMessage";
                content = a.text() == null ? "" : a.text();
            }
            case SystemMessage s -> {
                kind = "SystemMessage";
                content = s.text();
            }
            default -> {
                kind = "ChatMessage";
                content = String.valueOf(m);
            }
        }
        ObjectNode out = Json.object().put("lc", 1).put("type", "constructor");
        out.putArray("id").add("langchain_core").add("messages").add(kind);
        ObjectNode kwargs = out.putObject("kwargs");
        kwargs.put("content", content);
        if ("AIMessage".equals(kind)) {
            kwargs.putArray("tool_calls");
            kwargs.putArray("invalid_tool_calls");
        }
        kwargs.putObject("additional_kwargs");
        kwargs.putObject("response_metadata");
        return out;
    }
}
