package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.ScheduleRepository;
import io.hetumind.taskserver.service.JobService;
import io.hetumind.taskserver.service.SchedMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps each {@code local_schedules} agent's copy of its pinned set current: a reliable {@code schedule_sync} with the
 * whole set after {@code registered}, and again whenever the set's version (the agent row's {@code schedule_version},
 * bumped by every change) is ahead of what this connection was sent: at once when the change was made on this server,
 * else within a heartbeat flush ({@link HeartbeatBuffer}), wherever the change was made. The agent's ack records the
 * version it stored ({@code schedule_acked_version}).
 */
@ApplicationScoped
public class ScheduleSyncer {
    private static final Logger LOG = Logger.getLogger(ScheduleSyncer.class);
    private final Db db;
    private final ScheduleRepository schedules;
    private final AgentRepository agents;
    private final AgentSessions sessions;
    private final ReliableSender sender;
    private final SchedMetrics metrics;

    public ScheduleSyncer(
            Db db,
            ScheduleRepository schedules,
            AgentRepository agents,
            AgentSessions sessions,
            ReliableSender sender,
            SchedMetrics metrics) {
        this.db = db;
        this.schedules = schedules;
        this.agents = agents;
        this.sessions = sessions;
        this.sender = sender;
        this.metrics = metrics;
    }

    private record Snapshot(long version, List<Messages.PinnedSchedule> set) {}

    /** A change committed on this server: the agent's connection here, if any, is synced now. */
    void changed(@Observes JobService.PinsChanged e) {
        AgentSession s = sessions.ofAgent(e.agentId());
        if (s != null && s.localSchedules) {
            try {
                sync(s);
            } catch (RuntimeException ex) {
                // the heartbeat flush sends it once the database answers again
                LOG.warnf("schedule_sync to agent %s postponed: %s", e.agentId(), ex.getMessage());
            }
        }
    }

    /** Sends the agent its whole pinned set unless this connection was sent that version (or a later one) already. */
    void sync(AgentSession s) {
        if (!s.localSchedules || s.agentId == null) {
            return;
        }
        synchronized (s.syncLock) {
            UUID agent = s.agentId;
            // version first: the set read after it is at least as new, so a version never names an older set
            Snapshot snap = db.tx(c -> new Snapshot(agents.scheduleVersion(c, agent), schedules.pinnedTo(c, agent)));
            if (snap.version() <= s.syncSent) {
                return;
            }
            s.syncSent = snap.version();
            UUID id = sender.send(s, Kind.SCHEDULE_SYNC, new Messages.ScheduleSync(snap.version(), snap.set()));
            s.syncsInFlight.put(id, snap.version());
            metrics.scheduleSync();
        }
    }

    /** Syncs {@code s} when the stored version is ahead of what it was sent. */
    void syncIfBehind(AgentSession s, long version) {
        if (s.localSchedules && version > s.syncSent) {
            sync(s);
        }
    }

    /** An ack from the agent: if it acknowledges a schedule_sync, the agent stored that version. */
    void acked(AgentSession s, UUID ref) {
        Long version = s.syncsInFlight.remove(ref);
        if (version != null) {
            db.tx(c -> {
                agents.scheduleAcked(c, s.agentId, version);
                return null;
            });
        }
    }
}
