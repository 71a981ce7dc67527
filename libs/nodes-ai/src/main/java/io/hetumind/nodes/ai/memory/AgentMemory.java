package io.hetumind.nodes.ai.memory;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/** What a memory sub-node supplies: the conversation so far for one session, and a way to add a turn. */
public interface AgentMemory {

    /** The messages to send before the new user message (oldest first). */
    List<ChatMessage> history();

    /** The whole stored conversation of the session, oldest first (what a chat shows when it reopens). */
    default List<ChatMessage> all() {
        return history();
    }

    /** Records one exchange: what the user said and what the AI answered. */
    void save(String userText, String aiText);
}
