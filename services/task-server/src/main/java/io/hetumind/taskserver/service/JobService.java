package io.hetumind.taskserver.service;

import io.hetumind.core.task.CronPlan;
import io.hetumind.core.task.InstanceState;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.taskserver.model.Agent;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.model.Schedule;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.JobRepository;
import io.hetumind.taskserver.repository.ScheduleRepository;
import io.hetumind.taskserver.rest.Dtos;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Jobs and schedules of a tenant: validation beyond the annotations, triggers, cancels and retries. */
@ApplicationScoped
public class JobService {
    private final Db db;
    private final JobRepository jobs;
    private final ScheduleRepository schedules;
    private final InstanceRepository instances;
    private final AgentRepository agents;
    private final Event<PinsChanged> pinsChanged;

    public JobService(
            Db db,
            JobRepository jobs,
            ScheduleRepository schedules,
            InstanceRepository instances,
            AgentRepository agents,
            Event<PinsChanged> pinsChanged) {
        this.db = db;
        this.jobs = jobs;
        this.schedules = schedules;
        this.instances = instances;
        this.agents = agents;
        this.pinsChanged = pinsChanged;
    }

    /** An agent's pinned set changed (committed): its connection, wherever it is, gets a schedule_sync. */
    public record PinsChanged(UUID agentId) {}

    private void changed(List<UUID> agentIds) {
        agentIds.forEach(a -> pinsChanged.fire(new PinsChanged(a)));
    }

    public Job create(UUID tenant, Dtos.JobRequest r) {
        Job job = new Job(
                Uuid7.next(),
                tenant,
                r.namespace(),
                r.name(),
                r.command(),
                r.args() == null ? List.of() : r.args(),
                r.env() == null ? Map.of() : r.env(),
                r.workingDir(),
                r.timeoutMs() == null ? 3_600_000L : r.timeoutMs(),
                r.maxRetries() == null ? 0 : r.maxRetries(),
                r.retryBackoffMs() == null ? 1000L : r.retryBackoffMs(),
                r.maxConcurrency() == null ? 0 : r.maxConcurrency(),
                r.labels() == null ? Map.of() : r.labels(),
                r.notifyUrl(),
                Instant.now(),
                false);
        return db.tx(c -> {
            if (jobs.nameTaken(c, tenant, job.namespace(), job.name())) {
                throw ProblemException.conflict("a job named '" + job.name() + "' exists in " + job.namespace());
            }
            jobs.insert(c, job);
            return jobs.get(c, tenant, job.id());
        });
    }

    /**
     * A one-off run: an ephemeral job (not listed, no retries, pruned after {@code run-retention}) and its one task,
     * queued now, in one transaction. Answers the queued instance; read, follow, cancel it as any other.
     */
    public Instance run(UUID tenant, Dtos.RunRequest r) {
        UUID id = Uuid7.next();
        Job job = new Job(
                id,
                tenant,
                r.namespace(),
                "run-" + id,
                r.command(),
                r.args() == null ? List.of() : r.args(),
                r.env() == null ? Map.of() : r.env(),
                r.workingDir(),
                r.timeoutMs() == null ? 3_600_000L : r.timeoutMs(),
                0,
                1000L,
                0,
                r.labels() == null ? Map.of() : r.labels(),
                null,
                Instant.now(),
                true);
        return db.tx(c -> {
            jobs.insert(c, job);
            return instances.plan(c, job, null, "run", job.createdAt());
        });
    }

    public Job get(UUID tenant, UUID id) {
        Job j = db.tx(c -> jobs.get(c, tenant, id));
        if (j == null) {
            throw ProblemException.notFound("job");
        }
        return j;
    }

    public void delete(UUID tenant, UUID id) {
        List<UUID> pinned = db.tx(c -> {
            List<UUID> agentIds = schedules.pinnedAgentsOfJob(c, tenant, id);
            for (UUID a : agentIds) {
                agents.bumpScheduleVersion(c, a);
            }
            if (jobs.delete(c, tenant, id) == 0) {
                throw ProblemException.notFound("job");
            }
            return agentIds;
        });
        changed(pinned);
    }

    /** Deletes a schedule; a pinned one leaves its agent's set (the agent stops firing it once it has the sync). */
    public void deleteSchedule(UUID tenant, UUID id) {
        UUID pinned = db.tx(c -> {
            Schedule s = schedules.get(c, tenant, id);
            if (s == null) {
                throw ProblemException.notFound("schedule");
            }
            if (s.pinnedAgent() != null) {
                agents.bumpScheduleVersion(c, s.pinnedAgent());
            }
            schedules.delete(c, tenant, id);
            return s.pinnedAgent();
        });
        if (pinned != null) {
            changed(List.of(pinned));
        }
    }

    /** Runs the job now (trigger {@code manual}): the new instance, queued. */
    public Instance trigger(UUID tenant, UUID jobId) {
        return db.tx(c -> {
            Job job = jobs.get(c, tenant, jobId);
            if (job == null) {
                throw ProblemException.notFound("job");
            }
            return instances.plan(c, job, null, "manual", Instant.now());
        });
    }

    /** Runs the job {@code count} times now (a fan-out): that many tasks, each with a queued instance. */
    public int triggerMany(UUID tenant, UUID jobId, int count) {
        if (count < 1 || count > 10_000) {
            throw ProblemException.invalid("count", "must be between 1 and 10000");
        }
        return db.tx(c -> {
            Job job = jobs.get(c, tenant, jobId);
            if (job == null) {
                throw ProblemException.notFound("job");
            }
            return instances.planMany(c, job, count, Instant.now());
        });
    }

    public Schedule addSchedule(UUID tenant, UUID jobId, Dtos.ScheduleRequest r) {
        Schedule s = new Schedule(
                Uuid7.next(),
                jobId,
                r.kind(),
                r.cron(),
                r.timeZone(),
                r.runAt(),
                r.afterJobs() == null ? List.of() : r.afterJobs(),
                true,
                null,
                null,
                null,
                r.pinnedAgent(),
                r.misfire() == null ? "skip" : r.misfire());
        validate(s);
        Schedule made = db.tx(c -> {
            Job job = jobs.get(c, tenant, jobId);
            if (job == null) {
                throw ProblemException.notFound("job");
            }
            if (s.pinnedAgent() != null) {
                checkPin(c, tenant, job, s.pinnedAgent());
            }
            for (UUID after : s.afterJobs()) {
                if (jobs.get(c, tenant, after) == null) {
                    throw ProblemException.invalid("afterJobs", "job " + after + " not found");
                }
            }
            schedules.insert(c, tenant, s);
            if (s.pinnedAgent() != null) {
                agents.bumpScheduleVersion(c, s.pinnedAgent());
            }
            return schedules.get(c, tenant, s.id());
        });
        if (made.pinnedAgent() != null) {
            changed(List.of(made.pinnedAgent()));
        }
        return made;
    }

    /**
     * A schedule may be pinned to an agent of the job's tenant (else 404: another tenant's agent is not to be
     * confirmed) in the job's namespace, offering all the job's labels and announcing {@code local_schedules}.
     */
    private void checkPin(java.sql.Connection c, UUID tenant, Job job, UUID agentId) throws java.sql.SQLException {
        Agent a = agents.get(c, tenant, agentId);
        if (a == null) {
            throw ProblemException.notFound("agent");
        }
        if (!a.namespace().equals(job.namespace())) {
            throw ProblemException.invalid(
                    "pinnedAgent", "the agent is in namespace " + a.namespace() + ", the job in " + job.namespace());
        }
        for (Map.Entry<String, String> l : job.labels().entrySet()) {
            if (!l.getValue().equals(a.labels().get(l.getKey()))) {
                throw ProblemException.invalid(
                        "pinnedAgent", "the agent lacks the job's label " + l.getKey() + "=" + l.getValue());
            }
        }
        if (!a.capabilities().contains(Protocol.LOCAL_SCHEDULES)) {
            throw ProblemException.invalid(
                    "pinnedAgent",
                    "the agent did not announce " + Protocol.LOCAL_SCHEDULES
                            + " at its last register (an older agent cannot fire schedules itself)");
        }
    }

    private static void validate(Schedule s) {
        switch (s.kind()) {
            case "cron" -> {
                try {
                    CronPlan.of(s.cron(), s.timeZone());
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalid("cron", e.getMessage());
                }
            }
            case "time" -> {
                if (s.runAt() == null) {
                    throw ProblemException.invalid("runAt", "a time schedule needs runAt");
                }
            }
            case "flow" -> {
                if (s.afterJobs().isEmpty()) {
                    throw ProblemException.invalid("afterJobs", "a flow schedule needs the jobs it follows");
                }
            }
            default -> {}
        }
        if (s.pinnedAgent() != null && !("cron".equals(s.kind()) || "daemon".equals(s.kind()))) {
            throw ProblemException.invalid("pinnedAgent", "only cron and daemon schedules can be pinned to an agent");
        }
    }

    public Schedule schedule(UUID tenant, UUID id) {
        Schedule s = db.tx(c -> schedules.get(c, tenant, id));
        if (s == null) {
            throw ProblemException.notFound("schedule");
        }
        return s;
    }

    /** Enables or disables a schedule; disabling cancels the runs it planned ahead. */
    public Schedule setEnabled(UUID tenant, UUID id, boolean on) {
        Schedule out = db.tx(c -> {
            if (schedules.setEnabled(c, tenant, id, on) == 0) {
                throw ProblemException.notFound("schedule");
            }
            Schedule now = schedules.get(c, tenant, id);
            if (now.pinnedAgent() != null) {
                agents.bumpScheduleVersion(c, now.pinnedAgent());
            }
            if (!on) {
                for (UUID planned : schedules.plannedAhead(c, id)) {
                    instances.move(
                            c,
                            planned,
                            InstanceState.CANCELED,
                            "finished_at = now(), message = ?",
                            "schedule disabled");
                }
            }
            return schedules.get(c, tenant, id);
        });
        if (out.pinnedAgent() != null) {
            changed(List.of(out.pinnedAgent()));
        }
        return out;
    }

    /**
     * Moves a schedule's pin to {@code agentId} (null: the server plans it again). Only while the schedule is disabled
     * and the agent it was pinned to acknowledged its latest set (so it fires it no more: every fire it made is
     * earlier than this move, and is still recorded when it arrives); the new agent is checked as at creation.
     * Enabling the schedule afterwards starts the new planner from then: no fire is planned twice.
     */
    public Schedule repin(UUID tenant, UUID id, UUID agentId) {
        return db.tx(c -> {
            Schedule s = schedules.get(c, tenant, id);
            if (s == null) {
                throw ProblemException.notFound("schedule");
            }
            if (agentId != null && !("cron".equals(s.kind()) || "daemon".equals(s.kind()))) {
                throw ProblemException.invalid(
                        "pinnedAgent", "only cron and daemon schedules can be pinned to an agent");
            }
            if (s.enabled()) {
                throw ProblemException.conflict("disable the schedule before moving its pin (one planner at a time)");
            }
            if (java.util.Objects.equals(s.pinnedAgent(), agentId)) {
                return s;
            }
            if (s.pinnedAgent() != null) {
                Agent old = agents.lock(c, s.pinnedAgent());
                if (old != null && old.scheduleAckedVersion() < old.scheduleVersion()) {
                    throw ProblemException.conflict("agent " + old.id() + " has not acknowledged its pinned set since"
                            + " the schedule was disabled (it may be cut off and still firing it); try again once"
                            + " its scheduleAckedVersion reached " + old.scheduleVersion());
                }
            }
            if (agentId != null) {
                checkPin(c, tenant, jobs.get(c, tenant, s.jobId()), agentId);
            }
            schedules.repin(c, tenant, id, agentId, s.pinnedAgent());
            return schedules.get(c, tenant, id);
        });
    }

    /** Fires an {@code event} schedule: a task now. */
    public Instance fire(UUID tenant, UUID scheduleId) {
        return db.tx(c -> {
            Schedule s = schedules.get(c, tenant, scheduleId);
            if (s == null) {
                throw ProblemException.notFound("schedule");
            }
            if (!"event".equals(s.kind())) {
                throw ProblemException.conflict("only event schedules are fired through the API");
            }
            if (!s.enabled()) {
                throw ProblemException.conflict("the schedule is disabled");
            }
            Instant now = Instant.now();
            schedules.fired(c, s.id(), now);
            return instances.plan(c, jobs.get(c, tenant, s.jobId()), s.id(), "event", now);
        });
    }

    public Instance instance(UUID tenant, UUID id) {
        Instance i = db.tx(c -> instances.get(c, tenant, id));
        if (i == null) {
            throw ProblemException.notFound("task instance");
        }
        return i;
    }

    /** Cancels: a queued instance at once; a dispatched or running one through its agent. */
    public Instance cancel(UUID tenant, UUID id) {
        return db.tx(c -> {
            Instance i = instances.get(c, tenant, id);
            if (i == null) {
                throw ProblemException.notFound("task instance");
            }
            InstanceState st = InstanceState.ofWire(i.status());
            if (st.terminal()) {
                throw ProblemException.conflict("the instance already ended (" + i.status() + ")");
            }
            // A queued instance ends here; an agent's is stopped by the agent, which reports canceled (within a flush).
            if (st != InstanceState.QUEUED
                    || instances.move(c, id, InstanceState.CANCELED, "finished_at = now(), message = 'canceled'")
                            == null) {
                instances.requestCancel(c, id);
            }
            return instances.get(c, tenant, id);
        });
    }

    /** A new attempt of an ended instance's task, queued now. */
    public Instance retry(UUID tenant, UUID id) {
        return db.tx(c -> {
            Instance i = instances.get(c, tenant, id);
            if (i == null) {
                throw ProblemException.notFound("task instance");
            }
            if (!InstanceState.ofWire(i.status()).terminal()) {
                throw ProblemException.conflict("the instance has not ended (" + i.status() + ")");
            }
            Integer last = Db.one(
                    c, "SELECT max(attempt) FROM task_instance WHERE task_id = ?", rs -> rs.getInt(1), i.taskId());
            if (last != i.attempt()) {
                throw ProblemException.conflict("attempt " + last + " of this task exists; retry the latest one");
            }
            return instances.queue(c, jobs.get(c, tenant, i.jobId()), i.taskId(), last + 1, Instant.now());
        });
    }
}
