package io.hetumind.taskserver.leader;

import io.hetumind.core.task.CronPlan;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.model.Schedule;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.JobRepository;
import io.hetumind.taskserver.repository.LeaseRepository;
import io.hetumind.taskserver.repository.MessageRepository;
import io.hetumind.taskserver.repository.ScheduleRepository;
import io.hetumind.taskserver.service.InstanceService;
import io.hetumind.taskserver.service.SchedMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What the leader does each tick, every write behind the fencing check. */
@ApplicationScoped
public class LeaderDuties {
    static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");
    private static final Logger LOG = Logger.getLogger(LeaderDuties.class);
    private final Db db;
    private final LeaseRepository leases;
    private final ScheduleRepository schedules;
    private final JobRepository jobs;
    private final InstanceRepository instances;
    private final AgentRepository agents;
    private final MessageRepository messages;
    private final InstanceService instanceService;
    private final Bindings bindings;
    private final SchedConfig config;
    private final SchedMetrics metrics;
    private long ticks;

    public LeaderDuties(
            Db db,
            LeaseRepository leases,
            ScheduleRepository schedules,
            JobRepository jobs,
            InstanceRepository instances,
            AgentRepository agents,
            MessageRepository messages,
            InstanceService instanceService,
            Bindings bindings,
            SchedConfig config,
            SchedMetrics metrics) {
        this.db = db;
        this.leases = leases;
        this.schedules = schedules;
        this.jobs = jobs;
        this.instances = instances;
        this.agents = agents;
        this.messages = messages;
        this.instanceService = instanceService;
        this.bindings = bindings;
        this.config = config;
        this.metrics = metrics;
    }

    /** A leader write: the fencing check, then {@code work}, in one transaction. */
    private <T> T fenced(UUID me, long token, Db.Work<T> work) {
        return db.tx(c -> {
            if (!leases.fenced(c, me, token)) {
                throw new Fenced();
            }
            return work.run(c);
        });
    }

    void run(UUID me, long token) {
        try {
            fenced(me, token, this::plan);
            fenced(me, token, this::daemons);
            List<Runnable> afterCommit = new ArrayList<>();
            fenced(me, token, c -> deadAgents(c, afterCommit));
            afterCommit.forEach(Runnable::run);
            afterCommit.clear();
            fenced(me, token, c -> staleInstances(c, afterCommit));
            afterCommit.forEach(Runnable::run);
            if (ticks++ % 5 == 0) {
                fenced(me, token, c -> bindings.rebalance(c, config.leaseTtl().multipliedBy(3)));
                fenced(me, token, c -> messages.forgetSeen(c, Instant.now().minusSeconds(86_400)));
                fenced(me, token, c -> jobs.pruneEphemeral(c, Instant.now().minus(config.runRetention()), 500));
            }
            metrics.queueDepth(db.tx(instances::queued));
        } catch (Fenced f) {
            LOG.info("lease lost during the leader's duties; the rest of this tick is skipped");
        }
    }

    /** Plans tasks of cron and one-shot schedules up to the horizon. */
    int plan(Connection c) throws SQLException {
        Instant now = Instant.now();
        Instant horizon = now.plus(config.planHorizon());
        int planned = 0;
        for (ScheduleRepository.Row row : schedules.toPlan(c, horizon, 100)) {
            Schedule s = row.schedule();
            Job job = jobs.byId(c, s.jobId());
            if ("time".equals(s.kind())) {
                if (s.runAt() != null && !s.runAt().isAfter(horizon)) {
                    instances.plan(c, job, s.id(), "time", s.runAt());
                    schedules.planned(c, s.id(), NEVER);
                    planned++;
                }
                continue;
            }
            Instant from = s.plannedUntil() == null ? now : s.plannedUntil();
            List<Instant> times;
            try {
                times = CronPlan.of(s.cron(), s.timeZone()).between(from, horizon, 1000);
            } catch (IllegalArgumentException e) {
                LOG.warnf("schedule %s: %s", s.id(), e.getMessage());
                schedules.planned(c, s.id(), NEVER);
                continue;
            }
            for (Instant t : times) {
                if (instances.plan(c, job, s.id(), "cron", t) != null) {
                    planned++;
                }
            }
            schedules.planned(c, s.id(), times.size() == 1000 ? times.getLast() : horizon);
        }
        return planned;
    }

    /** Keeps one instance of each daemon job alive. */
    int daemons(Connection c) throws SQLException {
        int n = 0;
        for (ScheduleRepository.Row row : schedules.idleDaemons(c)) {
            Job job = jobs.byId(c, row.schedule().jobId());
            instances.plan(c, job, null, "daemon", Instant.now());
            n++;
        }
        return n;
    }

    /** Marks silent agents dead and re-queues what they were running. */
    int deadAgents(Connection c, List<Runnable> afterCommit) throws SQLException {
        List<Map.Entry<UUID, io.hetumind.core.task.AgentState>> dead =
                agents.markDead(c, Instant.now().minus(config.deadAfter()));
        for (Map.Entry<UUID, io.hetumind.core.task.AgentState> e : dead) {
            LOG.infof("agent %s is dead (no heartbeat for %s)", e.getKey(), config.deadAfter());
            // Runs the agent fired itself are left to it: cut off, it goes on and reports them when it is back.
            for (UUID id : instances.dispatchedTo(c, e.getKey())) {
                instanceService.lose(c, id, "the agent stopped heartbeating", afterCommit);
            }
        }
        if (!dead.isEmpty()) {
            afterCommit.add(() -> metrics.deadAgents(dead.size()));
        }
        return dead.size();
    }

    /** Dispatched instances never started are lost; running ones far past their timeout are timed out. */
    int staleInstances(Connection c, List<Runnable> afterCommit) throws SQLException {
        int n = 0;
        for (InstanceRepository.Stale s : instances.stale(
                c,
                Instant.now().minus(config.startTimeout()),
                config.timeoutGrace().toMillis(),
                500)) {
            boolean done = s.status() == io.hetumind.core.task.InstanceState.DISPATCHED
                    ? instanceService.lose(c, s.id(), "the agent never started it", afterCommit)
                    : instanceService.timedOut(c, s.id(), afterCommit);
            n += done ? 1 : 0;
        }
        return n;
    }
}
