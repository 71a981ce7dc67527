package io.hetumind.taskserver.service;

import io.hetumind.core.task.FireIds;
import io.hetumind.core.task.InstanceState;
import io.hetumind.core.task.Messages;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.JobRepository;
import io.hetumind.taskserver.repository.MessageRepository;
import io.hetumind.taskserver.repository.ScheduleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What happens to instances: agents' updates (de-duplicated by message id, guarded by the lifecycle), retries and
 * re-queues per the job's policy, flow schedules after a success, failure notifications.
 */
@ApplicationScoped
public class InstanceService {
    private final Db db;
    private final InstanceRepository instances;
    private final JobRepository jobs;
    private final ScheduleRepository schedules;
    private final MessageRepository messages;
    private final FlowTrigger flows;
    private final Notifier notifier;
    private final SchedMetrics metrics;
    private final io.hetumind.taskserver.config.SchedConfig config;

    public InstanceService(
            Db db,
            InstanceRepository instances,
            JobRepository jobs,
            ScheduleRepository schedules,
            MessageRepository messages,
            FlowTrigger flows,
            Notifier notifier,
            SchedMetrics metrics,
            io.hetumind.taskserver.config.SchedConfig config) {
        this.db = db;
        this.instances = instances;
        this.jobs = jobs;
        this.schedules = schedules;
        this.messages = messages;
        this.flows = flows;
        this.notifier = notifier;
        this.metrics = metrics;
        this.config = config;
    }

    /** Outcome of an agent update: {@code duplicate} when the message id was seen before. */
    public record Applied(boolean duplicate) {}

    /**
     * Applies one instance_update from {@code agent} in one transaction with the de-duplication record; throws
     * {@link Refused} when the instance is not this agent's or the move is not allowed (e.g. it was declared lost).
     */
    public Applied agentUpdate(UUID tenant, UUID agent, UUID messageId, Messages.InstanceUpdate u) {
        List<Runnable> afterCommit = new ArrayList<>();
        Applied out = db.tx(c -> {
            if (!messages.firstTime(c, messageId)) {
                return new Applied(true);
            }
            InstanceRepository.Owned o = instances.lockForAgent(c, u.instanceId());
            Instant at = u.at() == null ? Instant.now() : Instant.ofEpochMilli(u.at());
            boolean created = false;
            if (o == null && u.localFire() && !"log".equals(u.event())) {
                // The first update of a run the agent fired itself: its task and instance are made here, with it.
                created = localFire(c, tenant, agent, u, at, afterCommit);
                o = instances.lockForAgent(c, u.instanceId());
            }
            if (o == null
                    || !o.tenantId().equals(tenant)
                    || !agent.equals(o.instance().agentId())) {
                throw new Refused("unknown-instance");
            }
            Instance i = o.instance();
            if (!created
                    && u.localFire()
                    && ("started".equals(u.event()) || u.event().equals(i.status()))) {
                // a second copy of a fire already recorded (sent again under another message id, e.g. by an agent
                // that crashed before its outbox noted the first): its start, or the end it already has
                afterCommit.add(() -> metrics.localFire(false));
                return new Applied(true);
            }
            switch (u.event()) {
                case "log" -> messages.appendLog(c, i.id(), u.firstSeq(), u.lines());
                case "started" -> {
                    if (created) {
                        afterCommit.add(() -> metrics.started(i.readyAt(), at));
                        break;
                    }
                    require(instances.move(c, i.id(), InstanceState.RUNNING, "started_at = ?", at), i);
                    afterCommit.add(() -> metrics.started(i.readyAt(), at));
                }
                default -> {
                    InstanceState to = InstanceState.ofWire(u.event());
                    require(
                            instances.move(
                                    c,
                                    i.id(),
                                    to,
                                    "finished_at = ?, exit_code = ?, cpu_time_ms = ?, max_rss_kb = ?, message = ?",
                                    at,
                                    u.exitCode(),
                                    u.cpuTimeMs(),
                                    u.maxRssKb(),
                                    clip(u.message())),
                            i);
                    afterCommit.add(() -> metrics.finished(to.wire()));
                    afterEnd(c, i, to, afterCommit);
                }
            }
            return new Applied(false);
        });
        afterCommit.forEach(Runnable::run);
        return out;
    }

    /**
     * Checks a local fire (the schedule is this tenant's and pinned to this agent, the instance id is the one
     * {@link FireIds} names for its schedule, fire time and attempt) and records its task and running instance.
     * Answers false when another copy of the same fire recorded it first.
     */
    private boolean localFire(
            Connection c, UUID tenant, UUID agent, Messages.InstanceUpdate u, Instant at, List<Runnable> afterCommit)
            throws SQLException {
        ScheduleRepository.Pin pin = schedules.pin(c, u.scheduleId());
        if (pin == null || !pin.tenantId().equals(tenant)) {
            throw new Refused("unknown-schedule: no schedule " + u.scheduleId());
        }
        if (!pin.firedBy(agent, Instant.ofEpochMilli(u.fireAt()))) {
            throw new Refused("not-pinned: schedule " + u.scheduleId() + " is not pinned to this agent");
        }
        if (!FireIds.instanceId(u.scheduleId(), u.fireAt(), u.attempt()).equals(u.instanceId())) {
            throw new Refused("bad-fire-id: the instance id is not the one of this schedule, fire time and attempt");
        }
        Job job = jobs.byId(c, pin.jobId());
        boolean inserted = instances.insertLocalFire(
                c, job, u.scheduleId(), Instant.ofEpochMilli(u.fireAt()), u.attempt(), u.instanceId(), agent, at);
        if (inserted && u.attempt() == 1) {
            schedules.fired(c, u.scheduleId(), Instant.ofEpochMilli(u.fireAt()));
        }
        afterCommit.add(() -> metrics.localFire(inserted));
        return inserted;
    }

    private static void require(InstanceState left, Instance i) {
        if (left == null) {
            throw new Refused("stale: instance " + i.id() + " is no longer " + i.status());
        }
    }

    /** Retries, re-queues, flows and notifications once an instance reached {@code to}. */
    void afterEnd(Connection c, Instance i, InstanceState to, List<Runnable> afterCommit) throws SQLException {
        Job job = jobs.byId(c, i.jobId());
        if (job == null) {
            return;
        }
        switch (to) {
            case SUCCEEDED -> flows.succeeded(c, job, afterCommit);
            case FAILED, TIMED_OUT -> {
                if (instances.firedByAgent(c, i.taskId())) {
                    // the agent retries its own fires (its wheel), also while cut off
                    if (i.attempt() > job.maxRetries()) {
                        afterCommit.add(() -> notifier.failed(job, i, to));
                    }
                } else if (i.attempt() <= job.maxRetries()) {
                    long backoff = Math.min(job.retryBackoffMs() << Math.min(i.attempt() - 1, 20), 3_600_000L);
                    instances.queue(
                            c, job, i.taskId(), i.attempt() + 1, Instant.now().plusMillis(backoff));
                } else {
                    afterCommit.add(() -> notifier.failed(job, i, to));
                }
            }
            case LOST -> {
                if (instances.firedByAgent(c, i.taskId())) {
                    // a local fire is not re-queued: the server does not plan pinned schedules
                    afterCommit.add(() -> notifier.failed(job, i, to));
                } else if (i.attempt() <= job.maxRetries() + config.lostRequeues()) {
                    instances.queue(c, job, i.taskId(), i.attempt() + 1, Instant.now());
                } else {
                    afterCommit.add(() -> notifier.failed(job, i, to));
                }
            }
            default -> {}
        }
    }

    /** Declares {@code id} lost (its agent died or forgot it) and re-queues it per policy; false if it had ended. */
    public boolean lose(Connection c, UUID id, String reason, List<Runnable> afterCommit) throws SQLException {
        InstanceRepository.Owned o = instances.lockForAgent(c, id);
        if (o == null) {
            return false;
        }
        InstanceState left = instances.move(c, id, InstanceState.LOST, "finished_at = now(), message = ?", reason);
        if (left == null) {
            return false;
        }
        afterCommit.add(() -> metrics.finished("lost"));
        afterEnd(c, o.instance(), InstanceState.LOST, afterCommit);
        return true;
    }

    /** Marks a running instance whose agent never reported its end as timed out, and retries it per policy. */
    public boolean timedOut(Connection c, UUID id, List<Runnable> afterCommit) throws SQLException {
        InstanceRepository.Owned o = instances.lockForAgent(c, id);
        InstanceState left = instances.move(
                c, id, InstanceState.TIMED_OUT, "finished_at = now(), message = ?", "no final status from the agent");
        if (o == null || left == null) {
            return false;
        }
        afterCommit.add(() -> metrics.finished("timed_out"));
        afterEnd(c, o.instance(), InstanceState.TIMED_OUT, afterCommit);
        return true;
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
