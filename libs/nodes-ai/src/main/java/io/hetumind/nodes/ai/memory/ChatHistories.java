package io.hetumind.nodes.ai.memory;

import dev.langchain4j.data.message.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process conversation store behind the window buffer memory (as n8n's: per process, lost
 * on restart), keyed by workflow and session key. Each session keeps at most {@link #MAX_MESSAGES};
 * the least recently used sessions go beyond {@link #MAX_SESSIONS}.
 */
final class ChatHistories {

    static final int MAX_MESSAGES = 1000;
    static final int MAX_SESSIONS = 10_000;

    private static final Map<String, List<ChatMessage>> SESSIONS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ChatMessage>> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    private ChatHistories() {}

    static List<ChatMessage> get(String key) {
        synchronized (SESSIONS) {
            List<ChatMessage> list = SESSIONS.get(key);
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    static void append(String key, List<ChatMessage> messages) {
        synchronized (SESSIONS) {
            List<ChatMessage> list = SESSIONS.computeIfAbsent(key, k -> new ArrayList<>());
            list.addAll(messages);
            while (list.size() > MAX_MESSAGES) {
                list.removeFirst();
            }
        }
    }

    static void clear(String key) {
        synchronized (SESSIONS) {
            SESSIONS.remove(key);
        }
    }
}
