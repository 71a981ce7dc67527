package io.hetumind.taskserver.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.service.InstanceService;
import io.hetumind.taskserver.service.ServerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Register and disconnect: the agent row is upserted by (tenant, namespace, name) so its id survives reconnects;
 * instances the server thinks it runs but the agent no longer knows are declared lost and re-queued.
 */
@ApplicationScoped
public class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Db db;
    private final AgentRepository agents;
    private final InstanceRepository instanceRows;
    private final InstanceService instances;
    private final AgentSessions sessions;
    private final ServerIdentity server;
    private final SchedConfig config;
    private final ScheduleSyncer syncer;

    public Registration(
            Db db,
            AgentRepository agents,
            InstanceRepository instanceRows,
            InstanceService instances,
            AgentSessions sessions,
            ServerIdentity server,
            SchedConfig config,
            ScheduleSyncer syncer) {
        this.syncer = syncer;
        this.db = db;
        this.agents = agents;
        this.instanceRows = instanceRows;
        this.instances = instances;
        this.sessions = sessions;
        this.server = server;
        this.config = config;
    }

    void register(AgentSession s, UUID frameId, Messages.Register reg) {
        if (s.registered()) {
            if (frameId != null && frameId.equals(s.registerFrame) && s.registeredReply != null) {
                // the agent did not see our answer and sent the same frame again: frames are de-duplicated by id
                s.send(s.registeredReply);
                return;
            }
            error(s, frameId, "already-registered", "register is sent once per connection");
            return;
        }
        if (reg.protocolVersion() < Protocol.MIN_VERSION || reg.protocolVersion() > Protocol.VERSION) {
            error(
                    s,
                    frameId,
                    "protocol-version",
                    "this server speaks protocol " + Protocol.MIN_VERSION + " to " + Protocol.VERSION + ", the agent "
                            + reg.protocolVersion() + "; upgrade the agent");
            s.close(4400, "protocol version " + reg.protocolVersion() + " not supported");
            return;
        }
        String labels;
        try {
            labels = JSON.writeValueAsString(reg.labels() == null ? Map.of() : reg.labels());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Runnable> afterCommit = new ArrayList<>();
        AgentRepository.Registered r = db.tx(c -> {
            AgentRepository.Registered done = agents.register(c, s.tenant, s.namespace, reg, server.id());
            if ("disabled".equals(done.agent().mode())) {
                c.rollback();
                return done;
            }
            Set<UUID> known = new HashSet<>(reg.runningInstances() == null ? List.of() : reg.runningInstances());
            for (UUID id : instanceRows.activeOn(c, done.agent().id())) {
                if (!known.contains(id)) {
                    instances.lose(c, id, "the agent registered again without it", afterCommit);
                }
            }
            return done;
        });
        afterCommit.forEach(Runnable::run);
        if ("disabled".equals(r.agent().mode())) {
            error(s, frameId, "disabled", "this agent is disabled; enable it through the API");
            s.close(4403, "agent disabled");
            return;
        }
        s.labelsJson = labels;
        s.holdsDispatch = reg.protocolVersion() >= 2 && reg.can(Protocol.HELD_DISPATCH);
        s.tracesRuns = reg.protocolVersion() >= 2 && reg.can(Protocol.TRACE_CONTEXT);
        s.localSchedules = reg.protocolVersion() >= 2 && reg.can(Protocol.LOCAL_SCHEDULES);
        s.mode = r.agent().mode();
        s.agentId = r.agent().id();
        s.registeredAt = r.agent().connectedAt();
        AgentSession old = sessions.registered(s);
        if (old != null) {
            old.close(4409, "replaced by a newer connection of the same agent");
        }
        LOG.infof("agent %s (%s) registered in %s", reg.name(), s.agentId, s.namespace);
        String reply = Protocol.encode(
                Kind.REGISTERED,
                new Messages.Registered(
                        s.agentId,
                        server.id(),
                        config.heartbeatInterval().toMillis(),
                        config.ackTimeout().toMillis()));
        s.registerFrame = frameId;
        s.registeredReply = reply;
        s.send(reply);
        // after registered: the agent's whole pinned set, which it may have missed while away
        try {
            syncer.sync(s);
        } catch (RuntimeException e) {
            LOG.warnf("schedule_sync to agent %s postponed to the next heartbeat flush: %s", s.agentId, e.getMessage());
        }
    }

    /**
     * Marks the agent offline unless it registered again since this session's register. The row is compared, not
     * the in-memory registry only: a register of the same agent whose transaction is still open when this
     * connection closes is not in the registry yet, and would otherwise be overwritten as offline once it commits.
     */
    void disconnected(AgentSession s) {
        if (s.agentId != null && s.registeredAt != null && sessions.ofAgent(s.agentId) == null) {
            db.tx(c -> agents.disconnected(c, s.agentId, server.id(), s.registeredAt));
        }
    }

    private static void error(AgentSession s, UUID ref, String code, String message) {
        s.send(Protocol.encode(Kind.ERROR, new Messages.Error(ref, code, message)));
    }
}
