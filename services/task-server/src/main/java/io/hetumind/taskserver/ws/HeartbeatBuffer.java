package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Heartbeats are kept in memory and written in one batch per flush; the same pass reads back the admin mode of this
 * server's agents (drain, disable) and the cancels requested for their instances, and sends those.
 */
@ApplicationScoped
public class HeartbeatBuffer {
    private static final Logger LOG = Logger.getLogger(HeartbeatBuffer.class);
    private final Map<UUID, AgentRepository.Beat> pending = new ConcurrentHashMap<>();
    private final Db db;
    private final AgentRepository agents;
    private final InstanceRepository instances;
    private final AgentSessions sessions;
    private final ReliableSender sender;
    private final ScheduleSyncer syncer;

    public HeartbeatBuffer(
            Db db,
            AgentRepository agents,
            InstanceRepository instances,
            AgentSessions sessions,
            ReliableSender sender,
            ScheduleSyncer syncer) {
        this.syncer = syncer;
        this.db = db;
        this.agents = agents;
        this.instances = instances;
        this.sessions = sessions;
        this.sender = sender;
    }

    void beat(UUID agent, Messages.Heartbeat hb) {
        pending.put(agent, new AgentRepository.Beat(agent, new Timestamp(System.currentTimeMillis()), hb));
    }

    @Scheduled(every = "${hetumind.sched.heartbeat-flush:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        List<AgentRepository.Beat> batch = new ArrayList<>();
        for (UUID id : List.copyOf(pending.keySet())) {
            AgentRepository.Beat b = pending.remove(id);
            if (b != null) {
                batch.add(b);
            }
        }
        List<AgentSession> local =
                sessions.all().stream().filter(AgentSession::registered).toList();
        if (batch.isEmpty() && local.isEmpty()) {
            return;
        }
        Map<AgentSession, Long> versions = new java.util.HashMap<>();
        try {
            db.tx(c -> {
                if (!batch.isEmpty()) {
                    agents.heartbeats(c, batch);
                }
                if (!local.isEmpty()) {
                    refresh(c, local, versions);
                }
                return null;
            });
            // pinned sets changed on another replica (or whose immediate sync failed) go out now
            versions.forEach(syncer::syncIfBehind);
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat flush failed: %s", e.getMessage());
        }
    }

    private void refresh(java.sql.Connection c, List<AgentSession> local, Map<AgentSession, Long> versions)
            throws java.sql.SQLException {
        Map<UUID, AgentSession> byAgent = new java.util.HashMap<>();
        local.forEach(s -> byAgent.put(s.agentId, s));
        Object ids = c.createArrayOf("uuid", byAgent.keySet().toArray());
        Db.list(
                c,
                "SELECT id, mode, schedule_version FROM agent WHERE id = ANY(?)",
                rs -> {
                    AgentSession s = byAgent.get(Db.uuid(rs, "id"));
                    if (s != null && s.localSchedules) {
                        versions.put(s, rs.getLong("schedule_version"));
                    }
                    String mode = rs.getString("mode");
                    if (s != null && !mode.equals(s.mode)) {
                        s.mode = mode;
                        if ("disabled".equals(mode)) {
                            s.close(4403, "agent disabled");
                        }
                    }
                    return null;
                },
                ids);
        Db.list(
                c,
                "SELECT agent_id, id FROM task_instance WHERE cancel_requested AND status IN ('dispatched','running')"
                        + " AND agent_id = ANY(?)",
                rs -> {
                    AgentSession s = byAgent.get(Db.uuid(rs, "agent_id"));
                    UUID instance = Db.uuid(rs, "id");
                    if (s != null && s.cancelsSent.add(instance)) {
                        sender.send(s, Kind.CANCEL, new Messages.Cancel(instance, "canceled through the API"));
                    }
                    return null;
                },
                ids);
    }
}
