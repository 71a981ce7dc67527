package io.hetumind.taskserver.ws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The connection registry: agent connections held by this server, by connection and by agent. */
@ApplicationScoped
public class AgentSessions {
    private final Map<String, AgentSession> byConnection = new ConcurrentHashMap<>();
    private final Map<UUID, AgentSession> byAgent = new ConcurrentHashMap<>();

    void opened(AgentSession s) {
        byConnection.put(s.id(), s);
    }

    /** The connection's session, made by {@code create} if it has none yet; true in {@code [0]} when made here. */
    AgentSession openedIfAbsent(String connectionId, java.util.function.Supplier<AgentSession> create, boolean[] made) {
        return byConnection.computeIfAbsent(connectionId, id -> {
            made[0] = true;
            return create.get();
        });
    }

    /** Binds the session to its agent; answers the older session of the same agent, if one is still here. */
    AgentSession registered(AgentSession s) {
        AgentSession old = byAgent.put(s.agentId, s);
        return old == s ? null : old;
    }

    void closed(AgentSession s) {
        byConnection.remove(s.id());
        if (s.agentId != null) {
            byAgent.remove(s.agentId, s);
        }
    }

    AgentSession of(String connectionId) {
        return byConnection.get(connectionId);
    }

    public AgentSession ofAgent(UUID agent) {
        return byAgent.get(agent);
    }

    public Collection<AgentSession> all() {
        return byConnection.values();
    }

    public int size() {
        return byConnection.size();
    }
}
