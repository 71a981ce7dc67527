package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.MessageRepository;
import io.hetumind.taskserver.service.SchedMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends state-changing frames to agents until they are acknowledged: resent after the ack timeout, doubling, and
 * written to the dead-letter table after the configured number of sends.
 */
@ApplicationScoped
public class ReliableSender {
    private static final Logger LOG = Logger.getLogger(ReliableSender.class);
    private final AgentSessions sessions;
    private final SchedConfig config;
    private final Db db;
    private final MessageRepository messages;
    private final SchedMetrics metrics;

    public ReliableSender(
            AgentSessions sessions, SchedConfig config, Db db, MessageRepository messages, SchedMetrics metrics) {
        this.sessions = sessions;
        this.config = config;
        this.db = db;
        this.messages = messages;
        this.metrics = metrics;
    }

    /** A frame encoded ahead of its send (a dispatch held until its instances' ready time). */
    public record Encoded(UUID id, Kind kind, String text) {}

    public UUID send(AgentSession s, Kind kind, Object payload) {
        return send(s, encode(kind, payload));
    }

    public Encoded encode(Kind kind, Object payload) {
        UUID id = Uuid7.next();
        return new Encoded(id, kind, Protocol.encode(id, kind, payload));
    }

    public UUID send(AgentSession s, Encoded frame) {
        s.unacked.put(
                frame.id(),
                new AgentSession.Pending(
                        frame.id(), frame.kind().wire(), frame.text(), 1, System.nanoTime() + backoff(1)));
        s.send(frame.text());
        return frame.id();
    }

    void acked(AgentSession s, UUID ref) {
        s.unacked.remove(ref);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resend() {
        long now = System.nanoTime();
        for (AgentSession s : sessions.all()) {
            for (AgentSession.Pending p : s.unacked.values()) {
                if (p.nextAtNanos() > now) {
                    continue;
                }
                if (p.sends() >= config.ackRetries()) {
                    s.unacked.remove(p.id());
                    metrics.deadLetter();
                    LOG.warnf("agent %s never acknowledged %s %s; dead-lettered", s.agentId, p.kind(), p.id());
                    db.tx(c -> {
                        messages.deadLetter(c, s.agentId, p.kind(), p.text(), "no ack after " + p.sends() + " sends");
                        return null;
                    });
                } else {
                    int sends = p.sends() + 1;
                    s.unacked.put(
                            p.id(), new AgentSession.Pending(p.id(), p.kind(), p.text(), sends, now + backoff(sends)));
                    s.send(p.text());
                }
            }
        }
    }

    private long backoff(int sends) {
        return config.ackTimeout().toNanos() << Math.min(sends - 1, 10);
    }
}
