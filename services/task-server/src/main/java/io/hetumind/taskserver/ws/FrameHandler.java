package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.ProtocolException;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.service.InstanceService;
import io.hetumind.taskserver.service.Refused;
import io.hetumind.taskserver.service.SchedMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Handles one agent frame at a time (per connection): the protocol's rules, then the services. */
@ApplicationScoped
public class FrameHandler {
    private static final Logger LOG = Logger.getLogger(FrameHandler.class);
    private final Registration registration;
    private final Dispatcher dispatcher;
    private final ReliableSender sender;
    private final InstanceService instances;
    private final HeartbeatBuffer heartbeats;
    private final SchedMetrics metrics;
    private final ScheduleSyncer syncer;

    public FrameHandler(
            Registration registration,
            Dispatcher dispatcher,
            ReliableSender sender,
            InstanceService instances,
            HeartbeatBuffer heartbeats,
            SchedMetrics metrics,
            ScheduleSyncer syncer) {
        this.syncer = syncer;
        this.registration = registration;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.instances = instances;
        this.heartbeats = heartbeats;
        this.metrics = metrics;
    }

    void handle(AgentSession s, String text) {
        if (!s.conn.isOpen()) {
            return;
        }
        Protocol.Frame f;
        try {
            f = Protocol.decode(text);
        } catch (ProtocolException e) {
            error(s, null, e.code(), e.getMessage());
            if (e.code().equals("malformed")) {
                s.close(1007, "malformed frame");
            }
            return;
        }
        if (!s.registered() && f.kind() != Kind.REGISTER) {
            error(s, f.id(), "not-registered", "the first frame must be register");
            s.close(1008, "register first");
            return;
        }
        switch (f.kind()) {
            case REGISTER -> registration.register(s, f.id(), f.payload(Messages.Register.class));
            case HEARTBEAT -> heartbeat(s, f.payload(Messages.Heartbeat.class));
            case ACQUIRE_TASK ->
                dispatcher.acquire(s, f.payload(Messages.AcquireTask.class).slots());
            case INSTANCE_UPDATE -> update(s, f);
            case ACK -> {
                UUID ref = f.payload(Messages.Ack.class).ref();
                sender.acked(s, ref);
                syncer.acked(s, ref);
            }
            default -> error(s, f.id(), "unexpected-kind", f.kind().wire() + " is sent by the server, not to it");
        }
    }

    private void heartbeat(AgentSession s, Messages.Heartbeat hb) {
        heartbeats.beat(s.agentId, hb);
        java.util.List<String> commands = "active".equals(s.mode) ? java.util.List.of() : java.util.List.of(s.mode);
        s.send(Protocol.encode(Kind.HEARTBEAT_REPLY, new Messages.HeartbeatReply(commands)));
    }

    private void update(AgentSession s, Protocol.Frame f) {
        Messages.InstanceUpdate u = f.payload(Messages.InstanceUpdate.class);
        // Any update says the agent has it in hand (started, or ended while held): no longer released on a close.
        s.heldAhead.remove(u.instanceId());
        Messages.Ack ack;
        try {
            InstanceService.Applied applied = instances.agentUpdate(s.tenant, s.agentId, f.id(), u);
            ack = new Messages.Ack(f.id(), true, false, null);
            java.time.Instant fireAt = "log".equals(u.event()) ? null : s.cronSentAhead.remove(u.instanceId());
            if (fireAt != null && "started".equals(u.event()) && !applied.duplicate() && u.at() != null) {
                metrics.cronStarted(fireAt, java.time.Instant.ofEpochMilli(u.at()));
            }
        } catch (Refused r) {
            metrics.rejected("refused");
            ack = new Messages.Ack(f.id(), false, false, r.getMessage());
        } catch (Db.DataException e) {
            LOG.warnf("update %s of instance %s not stored: %s", f.id(), u.instanceId(), e.getMessage());
            ack = new Messages.Ack(f.id(), false, true, "storage unavailable");
        }
        s.send(Protocol.encode(Kind.ACK, ack));
    }

    void closed(AgentSession s) {
        java.time.Instant closedAt = java.time.Instant.now();
        dispatcher.forget(s);
        dispatcher.releaseHeldLater(s, closedAt);
        registration.disconnected(s);
    }

    private void error(AgentSession s, UUID ref, String code, String message) {
        metrics.rejected(code);
        s.send(Protocol.encode(Kind.ERROR, new Messages.Error(ref, code, message)));
    }
}
